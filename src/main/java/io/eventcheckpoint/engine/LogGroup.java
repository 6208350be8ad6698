package io.eventcheckpoint.engine;

import java.time.Instant;

/**
 * The logs of one collector: every name that starts with one prefix, such as {@code host-a/}.
 *
 * @param prefix the name up to and including its n-th {@code /}, or the whole name when it has
 * fewer
 * @param logs how many logs the group holds
 * @param lastUpdate when the most recently updated log of the group was last updated
 * @param oldestUpdate when the least recently updated log of the group was last updated
 */
public record LogGroup(String prefix, int logs, Instant lastUpdate, Instant oldestUpdate) {
}
