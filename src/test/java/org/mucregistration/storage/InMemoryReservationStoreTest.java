package org.mucregistration.storage;

/** The contract, against the in-memory reference implementation. */
class InMemoryReservationStoreTest extends ReservationStoreContract {

    @Override
    protected ReservationStore createStore() {
        return new InMemoryReservationStore();
    }
}
