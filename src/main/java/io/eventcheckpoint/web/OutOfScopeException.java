package io.eventcheckpoint.web;

import java.util.List;

import io.eventcheckpoint.web.InvalidRequestException.FieldProblem;

/**
 * A name outside the names the caller's token may reach; answered 403 with every offending field.
 */
class OutOfScopeException extends RuntimeException {

	private static final String MESSAGE = "is outside the names this token may reach";

	private final List<FieldProblem> problems;

	OutOfScopeException(List<String> fields) {
		super(fields.get(0) + ": " + MESSAGE + ((fields.size() > 1) ? " (and " + (fields.size() - 1) + " more)" : "")
				+ ". Nothing was changed.");
		this.problems = fields.stream().map((field) -> new FieldProblem(field, MESSAGE)).toList();
	}

	List<FieldProblem> problems() {
		return this.problems;
	}

}
