// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.util.cache;

import java.io.Serializable;
import java.util.Map;

public interface Cache<K extends Serializable, V extends Serializable> extends Map<K, V> {
}
