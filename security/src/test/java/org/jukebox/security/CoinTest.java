package org.jukebox.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The coin value: encoding, signature, tampering, malformed input. */
class CoinTest {
  private static final Bank BANK = Bank.generate("jukebox-bank");

  @Test
  void coinRoundTripsThroughItsEncoding() {
    Coin coin = BANK.mint(5).coin();
    Coin back = Coin.decode(coin.encode());
    assertEquals(coin, back);
    assertEquals(coin.hashCode(), back.hashCode());
    assertEquals(5, back.value());
    assertEquals("jukebox-bank", back.bankId());
    assertArrayEquals(coin.serial(), back.serial());
    assertEquals(coin.holderKey(), back.holderKey());
    assertTrue(back.isSignedBy(BANK.publicKey()));
  }

  @Test
  void idIsCoinColonThirtyTwoHexDigitsOfTheSerial() {
    Coin coin = BANK.mint(1).coin();
    assertTrue(coin.serialHex().matches("[0-9a-f]{32}"), coin.serialHex());
    assertEquals("coin:" + coin.serialHex(), coin.id());
    assertEquals("Coin[" + coin.serialHex() + ", value 1, bank jukebox-bank]", coin.toString());
  }

  @Test
  void changingTheValueBreaksTheBankSignature() {
    Coin coin = BANK.mint(1).coin();
    byte[] bytes = coin.encode();
    ByteBuffer.wrap(bytes).putLong(1 + Coin.SERIAL_BYTES, 1000);
    Coin tampered = Coin.decode(bytes);
    assertEquals(1000, tampered.value());
    assertEquals(coin.serialHex(), tampered.serialHex());
    assertFalse(tampered.isSignedBy(BANK.publicKey()));
  }

  @Test
  void changingTheSerialBreaksTheBankSignature() {
    byte[] bytes = BANK.mint(1).coin().encode();
    bytes[1] ^= 1;
    assertFalse(Coin.decode(bytes).isSignedBy(BANK.publicKey()));
  }

  @Test
  void coinOfAnotherBankIsNotSignedByThisOne() {
    Coin other = Bank.generate("jukebox-bank").mint(1).coin();
    assertFalse(other.isSignedBy(BANK.publicKey()));
  }

  @Test
  void malformedEncodingsAreRefusedWithWhatIsWrong() {
    byte[] good = BANK.mint(1).coin().encode();
    assertEquals("malformed coin: truncated at byte 17 of 20",
        assertThrows(IllegalArgumentException.class, () -> Coin.decode(Arrays.copyOf(good, 20))).getMessage());
    assertEquals("malformed coin: 2 bytes after the signature",
        assertThrows(IllegalArgumentException.class, () -> Coin.decode(Arrays.copyOf(good, good.length + 2)))
            .getMessage());
    byte[] v2 = good.clone();
    v2[0] = 2;
    assertEquals("malformed coin: version 2, expected 1",
        assertThrows(IllegalArgumentException.class, () -> Coin.decode(v2)).getMessage());
    byte[] zero = good.clone();
    ByteBuffer.wrap(zero).putLong(1 + Coin.SERIAL_BYTES, 0);
    assertEquals("malformed coin: value is not positive: 0",
        assertThrows(IllegalArgumentException.class, () -> Coin.decode(zero)).getMessage());
    assertEquals("malformed coin: 600 bytes, more than 512",
        assertThrows(IllegalArgumentException.class, () -> Coin.decode(new byte[600])).getMessage());
  }

  @Test
  void holderKeyMustBeEd25519() {
    byte[] good = BANK.mint(1).coin().encode();
    int keyLengthAt = 1 + Coin.SERIAL_BYTES + 8 + 1 + "jukebox-bank".length();
    byte[] bad = good.clone();
    bad[keyLengthAt + 5] ^= 0x55;
    assertEquals("malformed coin: holder key is not an Ed25519 public key",
        assertThrows(IllegalArgumentException.class, () -> Coin.decode(bad)).getMessage());
  }

  @Test
  void spendableNeedsTheCoinsOwnKey() {
    Coin.Spendable a = BANK.mint(1);
    Coin.Spendable b = BANK.mint(1);
    assertEquals(a.coin(), Coin.Spendable.of(a.coin(), a.key()).coin());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Coin.Spendable.of(a.coin(), b.key()));
    assertEquals("the key does not spend coin " + a.coin().serialHex(), e.getMessage());
  }

  @Test
  void spendableNeverPrintsItsKey() {
    Coin.Spendable s = BANK.mint(1);
    assertEquals("Spendable" + s.coin(), s.toString());
  }

  @Test
  void walletHandsOutEachCoinOnceInOrder() {
    Coin.Spendable a = BANK.mint(1);
    Coin.Spendable b = BANK.mint(2);
    CoinWallet wallet = CoinWallet.of(a, b);
    assertEquals(2, wallet.size());
    assertEquals(a, wallet.take().orElseThrow());
    assertEquals(b, wallet.take().orElseThrow());
    assertTrue(wallet.take().isEmpty());
    assertNotEquals(a.coin(), b.coin());
  }
}
