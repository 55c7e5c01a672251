package dev.berth.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryRedactionTest {

    @Test
    void redact_secretParameters_replacesOnlyTheirValues() {
        String query = "service=berth&scope=repository:a/b:pull&password=hunter2&refresh_token=abc&X-Amz-Signature=f00";

        String redacted = QueryRedaction.redact(query);

        assertThat(redacted).isEqualTo("service=berth&scope=repository:a/b:pull&password=[redacted]"
                + "&refresh_token=[redacted]&X-Amz-Signature=[redacted]");
    }

    @Test
    void redact_plainQuery_keepsIt() {
        assertThat(QueryRedaction.redact("n=10&last=team%2Fapp")).isEqualTo("n=10&last=team%2Fapp");
    }

    @Test
    void redact_percentEncodedOrUndecodableSecretNames_areJudgedDecoded() {
        assertThat(QueryRedaction.redact("pass%77ord=a&%54OKEN=b&pa%zzss=c&n=%77"))
                .isEqualTo("pass%77ord=[redacted]&%54OKEN=[redacted]&pa%zzss=[redacted]&n=%77");
    }

    @Test
    void redact_noQuery_staysNull() {
        assertThat(QueryRedaction.redact(null)).isNull();
    }
}
