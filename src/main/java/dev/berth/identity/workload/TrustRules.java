package dev.berth.identity.workload;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.berth.config.WorkloadProperties;
import dev.berth.metadata.RobotTrustRows;

/** A robot's trust rules: which CI jobs may log in as it. Who may change them is decided above. */
@Service
public class TrustRules {

    static final int MAX_RULES_PER_ROBOT = 50;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> CONDITIONS = new TypeReference<>() {
    };

    /** A rule that cannot be stored, with what is wrong with each field. */
    public static final class InvalidRule extends RuntimeException {

        /** {@code field} is {@code issuer}, {@code audience} or {@code conditions}. */
        public record Problem(String field, String message) {
        }

        private final transient List<Problem> problems;

        InvalidRule(List<Problem> problems) {
            super(problems.toString());
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private final RobotTrustRows rows;
    private final WorkloadProperties properties;
    private final Clock clock;

    TrustRules(RobotTrustRows rows, WorkloadProperties properties, Clock clock) {
        this.rows = rows;
        this.properties = properties;
        this.clock = clock;
    }

    public List<TrustRule> rules(long robotId) {
        return rows.forRobot(robotId).stream().map(TrustRules::rule).toList();
    }

    /**
     * Stores a rule for the robot.
     *
     * @throws InvalidRule when the issuer is not one of {@code berth.auth.workload.trusted-issuers},
     *                     the audience is missing, or the conditions would trust too much
     */
    @Transactional
    public TrustRule add(long robotId, String issuer, String audience, Map<String, String> conditions,
                         String createdBy) {
        List<InvalidRule.Problem> problems = new ArrayList<>();
        if (issuer == null || issuer.isBlank()) {
            problems.add(new InvalidRule.Problem("issuer", "required: the issuer's URL, as its tokens' iss says"));
        } else if (!properties.trusts(issuer)) {
            problems.add(new InvalidRule.Problem("issuer", issuer + " is not among the issuers an admin allowed "
                    + "(berth.auth.workload.trusted-issuers: " + properties.trustedIssuers() + ")"));
        }
        if (audience == null || audience.isBlank() || audience.length() > ClaimConditions.MAX_LENGTH) {
            problems.add(new InvalidRule.Problem("audience", "required, at most " + ClaimConditions.MAX_LENGTH
                    + " characters: the aud the CI job asks its token for"));
        }
        ClaimConditions.problems(conditions)
                .forEach(problem -> problems.add(new InvalidRule.Problem("conditions", problem)));
        if (problems.isEmpty() && rows.forRobot(robotId).size() >= MAX_RULES_PER_ROBOT) {
            problems.add(new InvalidRule.Problem("issuer", "a robot has at most " + MAX_RULES_PER_ROBOT + " rules"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRule(problems);
        }
        ClaimConditions checked = new ClaimConditions(conditions);
        long id = rows.insert(robotId, issuer, audience, JSON.writeValueAsString(checked.required()), createdBy,
                clock.instant());
        return rows.find(robotId, id).map(TrustRules::rule).orElseThrow();
    }

    /** Removes a rule; false when the robot has none with this id. */
    @Transactional
    public boolean remove(long robotId, long id) {
        return rows.delete(robotId, id);
    }

    private static TrustRule rule(RobotTrustRows.TrustRow row) {
        return new TrustRule(row.id(), row.issuer(), row.audience(), JSON.readValue(row.conditions(), CONDITIONS),
                row.createdBy(), row.createdAt());
    }
}
