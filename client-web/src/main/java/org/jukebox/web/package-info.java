/**
 * The HTML proxy client: {@link org.jukebox.web.ProxyServer} lets a plain browser use the
 * jukebox (pages that work without JavaScript, a JSON API, audio relayed with Range), acting for
 * each logged-in user with their own credentials, which {@link org.jukebox.web.UserStore} keeps
 * sealed under a key derived from the user's proxy password.
 */
package org.jukebox.web;
