package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostPortTest {
  private static String refusal(String text) {
    return assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text)).getMessage();
  }

  @Test
  void parsesNamesIpv4AndBracketedIpv6() {
    assertEquals(HostPort.of("127.0.0.1", 4160), HostPort.parse("127.0.0.1:4160"));
    assertEquals(HostPort.of("localhost", 4160), HostPort.parse("localhost:4160"));
    assertEquals(HostPort.of("music.example.org", 1), HostPort.parse(" music.example.org:1 "));
    assertEquals(HostPort.of("::1", 4160), HostPort.parse("[::1]:4160"));
    assertEquals(HostPort.of("fe80::1%eth0", 65535), HostPort.parse("[fe80::1%eth0]:65535"));
  }

  @Test
  void toStringReadsBackAndBracketsIpv6() {
    assertEquals("127.0.0.1:4160", HostPort.of("127.0.0.1", 4160).toString());
    assertEquals("[::1]:4160", HostPort.of("::1", 4160).toString());
    for (String s : new String[] {"localhost:80", "[::1]:4160", "10.0.0.7:5000"}) {
      assertEquals(s, HostPort.parse(s).toString());
    }
  }

  @Test
  void badInputIsRefusedWithAMessageNamingIt() {
    assertEquals("missing port in \"foo\"", refusal("foo"));
    assertEquals("missing port in \"foo:\"", refusal("foo:"));
    assertEquals("missing port in \"[::1]\"", refusal("[::1]"));
    assertEquals("port > 65535: 70000", refusal("localhost:70000"));
    assertEquals("port > 65535: 99999999999", refusal("localhost:99999999999"));
    assertEquals("port < 1: 0", refusal("localhost:0"));
    assertEquals("port is not a number in \"localhost:-3\"", refusal("localhost:-3"));
    assertEquals("port is not a number in \"localhost:http\"", refusal("localhost:http"));
    assertEquals("missing host in \":4160\"", refusal(":4160"));
    assertEquals("missing host in \"[]:4160\"", refusal("[]:4160"));
    assertEquals("IPv6 address without brackets in \"::1:4160\" (write [host]:port)", refusal("::1:4160"));
    assertEquals("missing ']' in \"[::1:4160\"", refusal("[::1:4160"));
    assertEquals("expected ':' after ']' in \"[::1]4160\"", refusal("[::1]4160"));
    assertEquals("not an IPv6 address in brackets: \"[localhost]:4160\"", refusal("[localhost]:4160"));
    assertEquals("illegal character ' ' in host \"my host\"", refusal("my host:4160"));
    assertEquals("illegal character '/' in host \"http//x\"", refusal("http//x:4160"));
    assertEquals("empty address: \"  \"", refusal("  "));
  }

  @Test
  void constructorChecksBothParts() {
    assertEquals("port < 1: -3",
        assertThrows(IllegalArgumentException.class, () -> HostPort.of("localhost", -3)).getMessage());
    assertEquals("port > 65535: 65536",
        assertThrows(IllegalArgumentException.class, () -> HostPort.of("localhost", 65536)).getMessage());
    assertEquals("host is blank",
        assertThrows(IllegalArgumentException.class, () -> HostPort.of(" ", 1)).getMessage());
    assertThrows(NullPointerException.class, () -> HostPort.of(null, 1));
  }

  @Test
  void defaultDirectoryPortIs4160() {
    assertEquals(4160, HostPort.DEFAULT_DIRECTORY_PORT);
  }
}
