package io.queueautoscaler.policy.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that valid policies can run side by side: names are unique (the API and the decision
 * log key on them), and no two policies drive the same Auto Scaling Group, where each would undo
 * the other's desired capacity on every evaluation.
 */
final class PolicyConflicts {

    private PolicyConflicts() {
    }

    /** One problem per later duplicate, pointing back at the first declaration. */
    static List<PolicyProblem> find(List<LocatedPolicy> policies) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, LocatedPolicy> names = new HashMap<>();
        Map<String, LocatedPolicy> groups = new HashMap<>();
        for (LocatedPolicy policy : policies) {
            LocatedPolicy sameName = names.putIfAbsent(policy.policy().name(), policy);
            if (sameName != null) {
                problems.add(new PolicyProblem(policy.source(), policy.nameLine(), "metadata.name",
                        "duplicate policy name '" + policy.policy().name() + "': also defined in "
                                + sameName.source() + ":" + sameName.nameLine()));
            }
            LocatedPolicy sameGroup = groups.putIfAbsent(policy.policy().autoScalingGroupName(), policy);
            if (sameGroup != null) {
                problems.add(new PolicyProblem(policy.source(), policy.groupLine(), "spec.target.autoScalingGroupName",
                        "group '" + policy.policy().autoScalingGroupName() + "' is already sized by policy '"
                                + sameGroup.policy().name() + "' (" + sameGroup.source() + ":" + sameGroup.groupLine()
                                + "): two policies would fight over its desired capacity"));
            }
        }
        return problems;
    }
}
