/**
 * SecureRMI: the one place Jukebox exports remote objects, and the serial filters that guard
 * them. TLS channels, pluggable authenticators and access policies come under a later issue
 * (see DESIGN.md §4); for now objects are exported over plain RMI on loopback or a LAN.
 */
package org.jukebox.security;
