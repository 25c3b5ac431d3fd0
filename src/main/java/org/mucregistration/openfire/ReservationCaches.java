package org.mucregistration.openfire;

import org.jivesoftware.util.cache.Cache;
import org.jivesoftware.util.cache.CacheFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The plugin's three Openfire caches of reservation lookups (see {@code CachingReservationStore}): clustered when
 * Openfire is, listed on Openfire's Cache Summary page, where an admin may change their size and lifetime (the
 * defaults here are only set while no size or lifetime is configured).
 */
public final class ReservationCaches {
    /** Room and nickname key → who reserved it, or nobody. */
    public static final String BY_NICKNAME = "MUC Registration Reserved Nicknames";
    /** Room and user → the nickname they reserved, or none. */
    public static final String BY_USER = "MUC Registration Reservations By User";
    /** Room → all its reservations, for rooms with few enough of them. */
    public static final String BY_ROOM = "MUC Registration Room Listings";

    /** 16 MiB each (Openfire counts a cache's size in bytes): some 60 000 entries. */
    static final long DEFAULT_SIZE_BYTES = 16L * 1024 * 1024;
    /**
     * An entry is renewed at least hourly: every change made through the plugin invalidates its entries at once; the
     * lifetime bounds how long one made otherwise (by hand in the database) goes unseen.
     */
    static final long DEFAULT_LIFETIME_MS = TimeUnit.HOURS.toMillis(1);

    private ReservationCaches() {
    }

    /** The cache of that name, made with the defaults unless an admin configured it. */
    static Map<String, String> create(String name) {
        if (!CacheFactory.hasMaxSizeFromProperty(name)) {
            CacheFactory.setMaxSizeProperty(name, DEFAULT_SIZE_BYTES);
        }
        if (!CacheFactory.hasMaxLifetimeFromProperty(name)) {
            CacheFactory.setMaxLifetimeProperty(name, DEFAULT_LIFETIME_MS);
        }
        final Cache<String, String> cache = CacheFactory.createCache(name);
        return cache;
    }

    /** Takes the caches away with the plugin (their entries are only copies of the database's rows). */
    static void destroy() {
        for (String name : List.of(BY_NICKNAME, BY_USER, BY_ROOM)) {
            try {
                CacheFactory.destroyCache(name);
            } catch (RuntimeException e) {
                // Openfire shutting down may have taken them already.
            }
        }
    }
}
