/**
 * Benchmarks and load generators; each figure and the command that produced it go to docs/BENCHMARKS.md.
 */
package org.jukebox.bench;
