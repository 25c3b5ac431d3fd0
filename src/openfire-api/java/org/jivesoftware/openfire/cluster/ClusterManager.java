// Openfire 5.x API surface: a declaration with the real signature, compiled against and never shipped.
// The server provides the real class at run time (see src/openfire-api/README.md).
package org.jivesoftware.openfire.cluster;

import java.util.Collection;
import java.util.Map;

public class ClusterManager {
    public ClusterManager() { throw new UnsupportedOperationException(); }
    public static boolean isClusteringStarted() { throw new UnsupportedOperationException(); }
    public static Collection<ClusterNodeInfo> getNodesInfo() { throw new UnsupportedOperationException(); }
    public static Map<String, Map<NodeID, String>> getPluginAndOpenfireVersions() { throw new UnsupportedOperationException(); }
}
