// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.util.cache;

public class CacheFactory {
    private CacheFactory() { throw new UnsupportedOperationException(); }
    public static void setMaxSizeProperty(String cacheName, long size) { throw new UnsupportedOperationException(); }
    public static boolean hasMaxSizeFromProperty(String cacheName) { throw new UnsupportedOperationException(); }
    public static void setMaxLifetimeProperty(String cacheName, long lifetime) { throw new UnsupportedOperationException(); }
    public static boolean hasMaxLifetimeFromProperty(String cacheName) { throw new UnsupportedOperationException(); }
    @SuppressWarnings("rawtypes")
    public static synchronized <T extends Cache> T createCache(String name) { throw new UnsupportedOperationException(); }
    public static synchronized void destroyCache(String name) { throw new UnsupportedOperationException(); }
}
