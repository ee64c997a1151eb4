package org.reveille.application;

/** This server's node name ({@code jboss.node.name}, "?" when unset): what poll history, timers, the audit trail and the cluster view record. */
public final class ServerNode {

    private ServerNode() {
    }

    public static String name() {
        return System.getProperty("jboss.node.name", "?");
    }
}
