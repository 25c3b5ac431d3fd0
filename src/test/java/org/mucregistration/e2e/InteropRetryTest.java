package org.mucregistration.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which tests {@link InteropSuiteIT} runs again, and how often: many retries only for the tests known to be flaky. */
class InteropRetryTest {
    private static final String REJOIN = "OccupantIdIntegrationTest.testOccupantIdInBroadcastJoinPresenceAfterRejoin";
    private static final String LEAVE = "MultiUserChatOccupantIntegrationTest.mucLeaveTest";
    private static final String OTHER = "MultiUserChatOccupantIntegrationTest.mucJoinPresenceInformationTest";
    private static final String REGISTERED = "MultiUserChatAdminGrantMemberIntegrationTest.testGrantMembershipWithNick";

    @Test
    void everyTestGetsTheFirstRetries() {
        for (int retry = 1; retry <= InteropSuiteIT.OTHER_RETRIES; retry++) {
            assertEquals(List.of(REJOIN, OTHER, LEAVE, REGISTERED),
                InteropSuiteIT.toRetry(List.of(REJOIN, OTHER, LEAVE, REGISTERED), retry), "retry " + retry);
        }
    }

    @Test
    void onlyTheKnownFlakyTestsGetMore() {
        final int next = InteropSuiteIT.OTHER_RETRIES + 1;
        assertEquals(List.of(REJOIN, LEAVE), InteropSuiteIT.toRetry(List.of(REJOIN, OTHER, LEAVE, REGISTERED), next));
        assertEquals(List.of(REJOIN, LEAVE),
            InteropSuiteIT.toRetry(List.of(REJOIN, OTHER, LEAVE, REGISTERED), InteropSuiteIT.RETRIES));
        assertEquals(List.of(), InteropSuiteIT.toRetry(List.of(REJOIN, LEAVE), InteropSuiteIT.RETRIES + 1));
    }

    @Test
    void aClassIsMatchedByItsNameAndAMethodExactly() {
        // The whole of OccupantIdIntegrationTest; of the occupant tests only those named.
        assertTrue(InteropSuiteIT.knownFlaky("OccupantIdIntegrationTest.anything"));
        assertFalse(InteropSuiteIT.knownFlaky("XOccupantIdIntegrationTest.anything"));
        assertFalse(InteropSuiteIT.knownFlaky(LEAVE + "Twice"));
        assertFalse(InteropSuiteIT.knownFlaky("MultiUserChatOccupantIntegrationTest.mucLeave"));
    }
}
