/**
 * The desktop client's controllers: plain Java over the headless client core, one per feature
 * (library, player, playlist, DJ, sessions), each talking to a view interface. Controllers hold no
 * Swing or AWT types (a test enforces it): remote calls, decoding and file I/O run on a background
 * executor, and every view call goes through the UI executor they are given (the Event Dispatch
 * Thread in the application, the calling thread in tests).
 */
package org.jukebox.swing.controller;
