package io.eventcheckpoint.security;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one line to the {@code io.eventcheckpoint.audit} logger for every clean-up of stale
 * logs, dry runs included: who asked, for which prefix and window, and how many logs matched and
 * were deleted. One line per clean-up rather than one per log, which could be a million lines.
 */
public final class CleanupAudit {

	private static final Logger audit = LoggerFactory.getLogger(AuditLogger.LOGGER_NAME);

	private CleanupAudit() {
	}

	/**
	 * Record a clean-up.
	 * @param prefix the prefix asked for
	 * @param notUpdatedFor the window asked for
	 * @param dryRun whether nothing was to be deleted
	 * @param matched how many logs matched
	 * @param deleted how many were deleted
	 */
	public static void cleanedUp(String prefix, Duration notUpdatedFor, boolean dryRun, int matched, int deleted) {
		audit.info("action=cleanup token={} prefix={} not_updated_for={} dry_run={} matched={} deleted={}",
				TokenScope.current().tokenName(), AuditLogger.quoted(prefix), notUpdatedFor, dryRun, matched,
				deleted);
	}

}
