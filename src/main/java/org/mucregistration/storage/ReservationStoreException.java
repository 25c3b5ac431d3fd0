package org.mucregistration.storage;

/**
 * The store could not be read or written (database unreachable, SQL error, a write that kept losing races).
 * Unchecked: callers typically answer the request with an internal-server-error and log it.
 */
public class ReservationStoreException extends RuntimeException {

    public ReservationStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
