package org.mucregistration.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The results of one pair: both servers' workloads, and which server ran first. */
record PairResult(int pair, Arm first, Map<Arm, List<WorkloadResult>> results) {

    PairResult {
        results = new EnumMap<>(results);
    }

    WorkloadResult of(Arm arm, Workload workload) {
        return of(arm, workload, "");
    }

    WorkloadResult of(Arm arm, Workload workload, String variant) {
        for (WorkloadResult r : results.get(arm)) {
            if (r.workload() == workload && r.variant().equals(variant)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no " + workload + " " + variant + " for " + arm + " in pair " + pair);
    }
}
