/**
 * The Winlogbeat checkpoint file: the YAML that Go's {@code checkpoint} package reads and writes
 * with yaml.v2.
 * <p>
 * One writer ({@link io.eventcheckpoint.format.CheckpointWriter}) lays the file out byte for byte
 * as yaml.v2 2.4.0 does ({@code GoScalarWriter} ports its emitter's style choice and line folding,
 * {@code GoPlainResolver} its rule for which strings stay plain), so a file Go wrote and the
 * service rewrote unchanged differs in {@code update_time} only.
 * <p>
 * One reader with two paths over one scalar core ({@code YamlScalars} for unsigned 64-bit
 * numbers and plain strings, {@code GoTime} for Go's {@code RFC3339Nano} time):
 * <ul>
 * <li>the fast path ({@code CanonicalCheckpointReader}) reads the common layout straight from
 * the bytes;</li>
 * <li>the general path ({@code GeneralCheckpointReader}) reads any YAML layout through
 * Jackson.</li>
 * </ul>
 * <b>The rule:</b> the fast path never reads a file differently from the general one. For any
 * input it either returns exactly what the general path returns, or declines, and
 * {@link io.eventcheckpoint.format.CheckpointYaml#read} hands the bytes to the general path. When in
 * doubt the fast path declines; it is there for speed only. {@code FastPathDifferentialTests}
 * checks the rule over seeded generated files, and {@code GoYamlCompatibilityTests} checks both
 * the reader and the writer against Go's yaml.v2 itself.
 */
package io.eventcheckpoint.format;
