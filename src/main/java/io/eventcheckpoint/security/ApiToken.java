package io.eventcheckpoint.security;

import io.eventcheckpoint.security.CheckpointSecurityProperties.Role;

/**
 * The authenticated caller: a configured token, without its secret.
 *
 * @param name the token's name, for logs
 * @param role what it may do
 * @param prefix the names it may reach start with this; {@code null} for every name
 */
record ApiToken(String name, Role role, String prefix) {
}
