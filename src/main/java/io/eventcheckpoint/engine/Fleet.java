package io.eventcheckpoint.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fleet view of an engine: logs grouped per collector with their last-update times, and the
 * clean-up of logs not updated for a while (issue 16). Obtained from {@link CheckpointEngine#fleet()}.
 */
public final class Fleet {

	private final TrackedStates tracked;

	Fleet(TrackedStates tracked) {
		this.tracked = tracked;
	}

	/**
	 * The logs grouped per collector, by the start of their names, for a token's scope. At depth 1
	 * this reads the collector index kept up to date by every change (a few milliseconds for 100k
	 * collectors); deeper, it walks every name in Go's order.
	 * @param depth how many {@code /} a group's prefix holds, at least 1
	 * @param scope the start every counted name must have, {@code ""} for all
	 * @return the groups sorted by prefix in Go's order
	 */
	public List<LogGroup> groups(int depth, String scope) {
		if (depth == 1) {
			return this.tracked.collectors().groups(scope);
		}
		return groups(depth, (name) -> name.startsWith(scope));
	}

	/**
	 * One page of {@link #groups(int, String)}: at depth 1 only the page's collectors are read.
	 * @param depth how many {@code /} a group's prefix holds, at least 1
	 * @param scope the start every counted name must have, {@code ""} for all
	 * @param after the page starts strictly after this prefix, {@code null} for the first page
	 * @param max the most groups answered
	 * @return the groups sorted by prefix in Go's order
	 */
	public List<LogGroup> groups(int depth, String scope, String after, int max) {
		if (depth == 1) {
			return this.tracked.collectors().groups(scope, after, max);
		}
		List<LogGroup> all = groups(depth, scope);
		int low = 0;
		int high = all.size();
		while (after != null && low < high) {
			int middle = (low + high) >>> 1;
			if (NameOrder.INSTANCE.compare(all.get(middle).prefix(), after) <= 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return all.subList(low, (int) Math.min(all.size(), (long) low + max));
	}

	/**
	 * The logs grouped per collector, by the start of their names: walks every name, whatever the
	 * depth (see {@link #groups(int, String)} for the fast path).
	 * @param depth how many {@code /} a group's prefix holds: 1 groups {@code host-a/Security} under
	 * {@code host-a/}; a name with fewer is a group of its own
	 * @param filter which names to count (a token's scope)
	 * @return the groups sorted by prefix in Go's order
	 */
	public List<LogGroup> groups(int depth, Predicate<String> filter) {
		if (depth < 1) {
			throw new IllegalArgumentException("depth must be at least 1");
		}
		return LogGroups.of(this.tracked.sortedNames(), this.tracked.statesView(), depth, filter);
	}

	/**
	 * The names under a prefix that were not updated since a time, for a clean-up.
	 * @param prefix the start of the names, {@code ""} for all
	 * @param cutoff names last updated before this match
	 * @param filter which names may match (a token's scope)
	 * @return the matching names in Go's order
	 */
	public List<String> notUpdatedSince(String prefix, Instant cutoff, Predicate<String> filter) {
		Map<String, TrackedState> states = this.tracked.statesView();
		List<String> names = new ArrayList<>();
		String[] sorted = this.tracked.sortedNames();
		String previous = null;
		// The names that start with the prefix are one run in Go's order: find where it starts.
		int low = 0;
		int high = sorted.length;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (NameOrder.INSTANCE.compare(sorted[middle], prefix) < 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		for (int i = low; i < sorted.length && sorted[i].startsWith(prefix); i++) {
			String name = sorted[i];
			if (!name.equals(previous) && filter.test(name)) {
				TrackedState state = states.get(name);
				if (state != null && state.updatedBefore(cutoff)) {
					names.add(name);
				}
			}
			previous = name;
		}
		return names;
	}

	/**
	 * Forget the named logs that are still not updated since a time; a log updated after it was
	 * listed is kept. The next flush removes them from the store.
	 * @param names the candidates, such as {@link #notUpdatedSince} listed them
	 * @param cutoff logs last updated before this are deleted
	 * @return the states deleted
	 * @throws IllegalStateException after {@link #shutdown()}
	 * @throws TooManyPendingUpdatesException if the deletions would queue more updates than the
	 * limit; nothing is deleted then
	 */
	public List<EventLogState> deleteNotUpdatedSince(Collection<String> names, Instant cutoff) {
		return this.tracked.deleteNotUpdatedSince(names, cutoff);
	}

}
