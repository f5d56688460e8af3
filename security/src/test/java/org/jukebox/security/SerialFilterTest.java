package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jukebox.api.SongId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gadget-style arguments sent to an object exported over SecureRMI by an authenticated client:
 * the allow-list filter refuses them before anything is instantiated, the method is not called,
 * and the server keeps serving.
 */
class SerialFilterTest {
  static final String SERVICE = "org.jukebox.security.EchoService";
  static final TestPki PKI = TestPki.create("Jukebox Test CA");

  /** Stands for a gadget: its readObject has a side effect we can see. */
  static final class Gadget implements Serializable {
    static volatile boolean deserialized;

    private void readObject(ObjectInputStream in) {
      deserialized = true;
    }
  }

  private RemoteExporter exporter;
  private EchoService service;
  private Echo stub;

  @BeforeEach
  void setUp() throws Exception {
    exporter = RemoteExporter.secure(PKI.config(PKI.service(SERVICE)).mechanisms("signature").build(), 0);
    service = new EchoService();
    Echo exported = exporter.export(service);
    stub = ClientSecurity.as(PKI.config(PKI.user("alice")).mechanisms("signature").build(), exported);
    Gadget.deserialized = false;
  }

  @AfterEach
  void tearDown() {
    exporter.close();
  }

  private void refusedWithoutSideEffects(Object argument) throws Exception {
    assertEquals("filter status: REJECTED", Refusals.reason(InvalidClassException.class, () -> stub.take(argument)));
    assertFalse(Gadget.deserialized, "the gadget's readObject ran");
    assertEquals(0, service.taken.get(), "the method ran");
    assertEquals(1, stub.take(new SongId("still-served")));
  }

  @Test
  void hashMapHoldingAClassOutsideTheApiIsRefused() throws Exception {
    Map<String, Object> map = new HashMap<>();
    map.put("payload", new Gadget());
    refusedWithoutSideEffects(map);
  }

  @Test
  void deeplyNestedArrayIsRefused() throws Exception {
    Object nested = new Object[0];
    for (int i = 0; i < 30; i++) {
      nested = new Object[] {nested};
    }
    refusedWithoutSideEffects(nested);
  }

  @Test
  void hugeArrayIsRefused() throws Exception {
    // The server refuses when it reads the array's length, while the client may still be sending
    // its contents: the client then sees either that refusal or the connection cut under it.
    java.rmi.RemoteException e = assertThrows(java.rmi.RemoteException.class, () -> stub.take(new byte[2_000_000]));
    assertTrue(e instanceof java.rmi.UnmarshalException || e instanceof java.rmi.MarshalException, e.toString());
    assertFalse(Gadget.deserialized);
    assertEquals(0, service.taken.get(), "the method ran");
    assertEquals(1, stub.take(new SongId("still-served")));
    // The refusal itself, as the filter decides it for that array:
    assertEquals(ObjectInputFilter.Status.REJECTED, SerialFilters.api().checkInput(info(byte[].class, 2_000_000)));
    // Within the limit a primitive array is not the pattern's business (UNDECIDED reads as allowed).
    assertEquals(ObjectInputFilter.Status.UNDECIDED, SerialFilters.api().checkInput(info(byte[].class, 1_048_576)));
  }

  private static ObjectInputFilter.FilterInfo info(Class<?> type, long arrayLength) {
    return new ObjectInputFilter.FilterInfo() {
      @Override
      public Class<?> serialClass() {
        return type;
      }

      @Override
      public long arrayLength() {
        return arrayLength;
      }

      @Override
      public long depth() {
        return 1;
      }

      @Override
      public long references() {
        return 1;
      }

      @Override
      public long streamBytes() {
        return 100;
      }
    };
  }

  @Test
  void classesOutsideTheAllowListAreRefusedByName() {
    assertEquals(ObjectInputFilter.Status.REJECTED, SerialFilters.api().checkInput(info(Gadget.class, -1)));
    assertEquals(ObjectInputFilter.Status.REJECTED,
        SerialFilters.api().checkInput(info(javax.management.BadAttributeValueExpException.class, -1)));
    assertEquals(ObjectInputFilter.Status.ALLOWED, SerialFilters.api().checkInput(info(SongId.class, -1)));
    assertEquals(ObjectInputFilter.Status.ALLOWED,
        SerialFilters.api().checkInput(info(SecureClientSocketFactory.class, -1)));
  }

  @Test
  void listNestingBeyondTheDepthLimitIsRefused() throws Exception {
    Object nested = List.of();
    for (int i = 0; i < 30; i++) {
      nested = List.of(nested);
    }
    refusedWithoutSideEffects(nested);
  }

  @Test
  void apiValuesAndTheirJdkPartsAreAccepted() throws Exception {
    assertEquals(1, stub.take(Map.of("id", new SongId("abc"), "list", List.of(1, 2L, "three"))));
  }
}
