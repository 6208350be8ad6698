package io.eventcheckpoint.web;

import java.util.List;

/**
 * A request that breaks the API's rules; answered 400 with every offending field.
 */
class InvalidRequestException extends RuntimeException {

	private final List<FieldProblem> problems;

	InvalidRequestException(List<FieldProblem> problems) {
		super(problems.get(0).field() + ": " + problems.get(0).message());
		this.problems = List.copyOf(problems);
	}

	InvalidRequestException(String field, String message) {
		this(List.of(new FieldProblem(field, message)));
	}

	List<FieldProblem> problems() {
		return this.problems;
	}

	/**
	 * One offending field.
	 *
	 * @param field the JSON path of the field, such as {@code event_logs[2].record_number}
	 * @param message what is wrong, for a person
	 */
	record FieldProblem(String field, String message) {
	}

}
