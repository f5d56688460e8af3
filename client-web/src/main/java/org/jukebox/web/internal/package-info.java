/** Helpers of the HTML proxy: escaping HTML builder, JSON writer, rate limiter. Not an API. */
package org.jukebox.web.internal;
