package io.eventcheckpoint.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Groups logs by collector in one pass over the names in Go's order.
 * <p>
 * All names of one group start with its prefix, so they are adjacent in that order: a group ends
 * where the next name's prefix differs, found with {@link String#startsWith} without building a
 * string per name, and the groups come out sorted by prefix without a sort.
 */
final class LogGroups {

	private LogGroups() {
	}

	/**
	 * The group of a name: the name up to and including its {@code depth}-th {@code /}, or the
	 * whole name when it has fewer.
	 * @param name the log's name
	 * @param depth how many {@code /} the prefix holds, at least 1
	 * @return the prefix
	 */
	static String prefix(String name, int depth) {
		int end = prefixEnd(name, depth);
		return (end == name.length()) ? name : name.substring(0, end);
	}

	private static int prefixEnd(String name, int depth) {
		int from = 0;
		for (int i = 0; i < depth; i++) {
			int slash = name.indexOf('/', from);
			if (slash < 0) {
				return name.length();
			}
			from = slash + 1;
		}
		return from;
	}

	/**
	 * Group sorted names.
	 * @param sorted the names in Go's order; names no longer tracked (deleted meanwhile) and a
	 * repeat of the name before are skipped
	 * @param states the state of each tracked name, with its metadata
	 * @param depth how many {@code /} a prefix holds
	 * @param filter which names to count
	 * @return the groups, sorted by prefix
	 */
	static List<LogGroup> of(String[] sorted, Map<String, TrackedState> states, int depth, Predicate<String> filter) {
		List<LogGroup> groups = new ArrayList<>();
		String prefix = null;
		int logs = 0;
		TrackedState last = null;
		TrackedState oldest = null;
		String previous = null;
		for (String name : sorted) {
			if (name.equals(previous)) {
				continue;
			}
			previous = name;
			if (!filter.test(name)) {
				continue;
			}
			TrackedState state = states.get(name);
			if (state == null) {
				continue;
			}
			int end = prefixEnd(name, depth);
			if (prefix == null || end != prefix.length() || !name.startsWith(prefix)) {
				if (prefix != null) {
					groups.add(new LogGroup(prefix, logs, last.updatedAt(), oldest.updatedAt()));
				}
				prefix = (end == name.length()) ? name : name.substring(0, end);
				logs = 0;
				last = state;
				oldest = state;
			}
			logs++;
			if (state.compareUpdated(last) > 0) {
				last = state;
			}
			else if (state.compareUpdated(oldest) < 0) {
				oldest = state;
			}
		}
		if (prefix != null) {
			groups.add(new LogGroup(prefix, logs, last.updatedAt(), oldest.updatedAt()));
		}
		return groups;
	}

}
