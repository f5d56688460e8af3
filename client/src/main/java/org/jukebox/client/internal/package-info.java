/**
 * Implementation details of the client: the merged catalog, MP3 frame sync and decoding,
 * opening ticketed HTTP streams. Not for use outside the client module.
 */
package org.jukebox.client.internal;
