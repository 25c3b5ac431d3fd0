package org.mucregistration.openfire;

import org.jivesoftware.openfire.XMPPServer;
import org.jivesoftware.openfire.cluster.ClusterManager;
import org.jivesoftware.openfire.cluster.ClusterNodeInfo;
import org.jivesoftware.openfire.cluster.NodeID;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which nodes of the cluster run this plugin. A node decides only for the clients connected to it: a node without the
 * plugin lets its clients take nicknames reserved by others. Openfire itself asks every node for its plugins' versions
 * ({@code ClusterManager.getPluginAndOpenfireVersions}, a cluster task of Openfire's own, so a node without this plugin
 * answers too).
 */
public final class ClusterNodes {

    /**
     * One node of the cluster.
     *
     * @param openfireVersion the node's Openfire version; null when the node did not answer
     * @param pluginVersion   this plugin's version on the node; null when the node does not run it (or did not answer)
     */
    public record Node(String hostName, String nodeId, boolean local, String openfireVersion, String pluginVersion) {
        public boolean answered() {
            return openfireVersion != null;
        }

        public boolean runsPlugin() {
            return pluginVersion != null;
        }

        // Bean getters, for the admin page's JSP expressions (EL does not read record accessors).

        public String getHostName() {
            return hostName;
        }

        public String getNodeId() {
            return nodeId;
        }

        public boolean isLocal() {
            return local;
        }

        public boolean isAnswered() {
            return answered();
        }

        public String getPluginVersion() {
            return pluginVersion;
        }
    }

    private ClusterNodes() {
    }

    /** The nodes of the cluster, this one first; empty when the server is not clustered. */
    public static List<Node> now() {
        if (!ClusterManager.isClusteringStarted()) {
            return List.of();
        }
        final Map<String, Map<NodeID, String>> versions = ClusterManager.getPluginAndOpenfireVersions();
        final Map<NodeID, String> openfire = versions.getOrDefault("Openfire", Map.of());
        final Map<NodeID, String> plugin = versions.getOrDefault(MucRegistrationPlugin.NAME, Map.of());
        final NodeID self = XMPPServer.getInstance().getNodeID();
        final List<Node> nodes = new ArrayList<>();
        for (ClusterNodeInfo info : ClusterManager.getNodesInfo()) {
            final NodeID id = info.getNodeID();
            nodes.add(new Node(info.getHostName(), id.toString(), id.equals(self), openfire.get(id), plugin.get(id)));
        }
        nodes.sort(Comparator.comparing((Node n) -> !n.local()).thenComparing(Node::hostName)
            .thenComparing(Node::nodeId));
        return nodes;
    }
}
