// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.cluster;

import java.io.Externalizable;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

public class NodeID implements Externalizable {
    public NodeID() { throw new UnsupportedOperationException(); }
    @Override public boolean equals(Object other) { throw new UnsupportedOperationException(); }
    @Override public int hashCode() { throw new UnsupportedOperationException(); }
    @Override public String toString() { throw new UnsupportedOperationException(); }
    @Override public void writeExternal(ObjectOutput out) throws IOException { throw new UnsupportedOperationException(); }
    @Override public void readExternal(ObjectInput in) throws IOException, ClassNotFoundException { throw new UnsupportedOperationException(); }
}
