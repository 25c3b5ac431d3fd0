package org.mucregistration.bench;

/** The live benchmark's workloads, in the order each server runs them. */
enum Workload {
    JOIN_LOOP("join+leave, closed loop", "join+leave"),
    GROUPCHAT("groupchat, closed loop", "copy"),
    MESSAGE_RATE("groupchat at a steady rate", "copy"),
    JOIN_RATE("join+leave at a steady rate", "join+leave"),
    REGISTER_MEMBERS("registration, members first", "registration"),
    REGISTER_UNAFFILIATED("registration, unaffiliated users", "registration");

    final String title;
    /** What one operation is, for CPU per operation. */
    final String operation;

    Workload(String title, String operation) {
        this.title = title;
        this.operation = operation;
    }
}
