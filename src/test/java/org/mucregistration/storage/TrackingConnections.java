package org.mucregistration.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ConnectionSource that counts the connections handed out and closed, and those closed out of auto-commit, the
 * transactions begun (auto-commit turned off) and committed, and notes the statements prepared.
 */
final class TrackingConnections implements ConnectionSource {

    private final ConnectionSource target;
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger closedWithoutAutoCommit = new AtomicInteger();
    /** How many times a connection was taken out of auto-commit, and how many commits were asked for. */
    final AtomicInteger transactions = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    /** The SQL of every statement prepared, in order. */
    final java.util.List<String> prepared = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Hands out the one connection again and again, as a pool does; closing what it hands out does nothing (the caller
     * closes the connection itself).
     */
    static ConnectionSource reusing(Connection connection) {
        final Connection unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return () -> unclosable;
    }

    TrackingConnections(ConnectionSource target) {
        this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
        final Connection real = target.getConnection();
        opened.incrementAndGet();
        final AtomicBoolean isClosed = new AtomicBoolean();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        prepared.add((String) args[0]);
                    }
                    if (method.getName().equals("setAutoCommit") && !((Boolean) args[0]) && real.getAutoCommit()) {
                        transactions.incrementAndGet();
                    }
                    if (method.getName().equals("commit")) {
                        commits.incrementAndGet();
                    }
                    if (method.getName().equals("close") && method.getParameterCount() == 0
                            && isClosed.compareAndSet(false, true)) {
                        closed.incrementAndGet();
                        if (!real.isClosed() && !real.getAutoCommit()) {
                            closedWithoutAutoCommit.incrementAndGet();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
