package io.eventcheckpoint.store.file;

import java.time.Duration;
import java.util.Objects;

/**
 * How the file store journals flushes and when it rewrites the YAML file from memory.
 *
 * @param enabled whether flushes append to a journal; when not, every flush rewrites the file
 * @param snapshotInterval the oldest the YAML file may be while the journal holds records
 * @param snapshotJournalSize journal bytes that start a snapshot before the interval is up
 */
public record JournalSettings(boolean enabled, Duration snapshotInterval, long snapshotJournalSize) {

	/** No journal: every flush rewrites the whole file, as releases before the journal did. */
	public static final JournalSettings DISABLED = new JournalSettings(false, Duration.ofMinutes(5), 64L << 20);

	public JournalSettings {
		Objects.requireNonNull(snapshotInterval, "snapshotInterval");
		if (snapshotInterval.isNegative() || snapshotInterval.isZero()) {
			throw new IllegalArgumentException("snapshotInterval must be positive");
		}
		if (snapshotJournalSize < 1) {
			throw new IllegalArgumentException("snapshotJournalSize must be positive");
		}
	}

	/**
	 * A journal with the given snapshot triggers.
	 * @param snapshotInterval the oldest the YAML file may be while the journal holds records
	 * @param snapshotJournalSize journal bytes that start a snapshot early
	 * @return the settings
	 */
	public static JournalSettings journal(Duration snapshotInterval, long snapshotJournalSize) {
		return new JournalSettings(true, snapshotInterval, snapshotJournalSize);
	}

}
