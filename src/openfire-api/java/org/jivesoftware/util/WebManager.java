// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.util;

public class WebManager extends WebBean {
    public WebManager() { throw new UnsupportedOperationException(); }
    /** Writes an entry to the admin console's security audit log, as the logged-in admin. */
    public void logEvent(String summary, String details) { throw new UnsupportedOperationException(); }
}
