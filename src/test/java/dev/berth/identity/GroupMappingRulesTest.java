package dev.berth.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.berth.auth.AuthException;
import dev.berth.auth.Role;
import dev.berth.config.IdentityProperties.GroupMapping;

/** The group mapping rules as configured, and the username rule every external source goes through. */
class GroupMappingRulesTest {

    @Test
    void validated_normalisesGroupsAndReadsRoles() {
        List<GroupMappings.Rule> rules = GroupMappings.validated(List.of(
                new GroupMapping(" Platform-Team ", null, false, "platform", "owner"),
                new GroupMapping("admins", "oidc:corp", true, null, null)));

        assertThat(rules).containsExactly(new GroupMappings.Rule("platform-team", null, false, "platform", Role.OWNER),
                new GroupMappings.Rule("admins", "oidc:corp", true, null, null));
    }

    @Test
    void validated_refusesRulesThatCannotWork_namingThem() {
        assertThatThrownBy(() -> GroupMappings.validated(List.of(new GroupMapping(null, null, true, null, null))))
                .hasMessage("berth.auth.group-mappings[0].group is required");
        assertThatThrownBy(() -> GroupMappings.validated(List.of(new GroupMapping("a", null, true, null, null),
                new GroupMapping("b", null, false, null, null))))
                .hasMessage("berth.auth.group-mappings[1] grants nothing: set admin=true, or a namespace and a role");
        assertThatThrownBy(() -> GroupMappings.validated(List.of(new GroupMapping("a", null, false, "team", "boss"))))
                .hasMessage("berth.auth.group-mappings[0].role must be reader, writer, maintainer or owner, not boss");
        assertThatThrownBy(() -> GroupMappings.validated(List.of(new GroupMapping("a", null, false, "Team/x", "reader"))))
                .hasMessage("berth.auth.group-mappings[0].namespace Team/x is not a valid namespace name");
        assertThatThrownBy(() -> GroupMappings.validated(List.of(new GroupMapping("a", "saml", true, null, null))))
                .hasMessage("berth.auth.group-mappings[0].source must be ldap or oidc:<provider id>, not saml");
        assertThatThrownBy(() -> GroupMappings.validated(List.of(new GroupMapping("a", null, true, null, "owner"))))
                .hasMessage("berth.auth.group-mappings[0].role needs a namespace");
    }

    @Test
    void username_lowercasesAndKeepsThePartBeforeTheAt() {
        assertThat(ExternalAccounts.username("Alice", "ldap")).isEqualTo("alice");
        assertThat(ExternalAccounts.username("Alice.Liddell@Example.com", "the claim email")).isEqualTo("alice.liddell");
    }

    @Test
    void username_thatIsNoBerthUsername_isRefusedWithTheReason() {
        assertThatThrownBy(() -> ExternalAccounts.username("Alice Smith", "the claim name"))
                .isInstanceOf(AuthException.class)
                .hasMessageStartingWith("the claim name gives 'Alice Smith', which is not a valid Berth username");
        assertThatThrownBy(() -> ExternalAccounts.username(null, "the claim sub")).isInstanceOf(AuthException.class)
                .hasMessage("the claim sub gives no username");
    }
}
