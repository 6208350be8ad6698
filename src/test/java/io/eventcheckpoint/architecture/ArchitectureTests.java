package io.eventcheckpoint.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the layout of docs/architecture.md: the engine, the file format and the stores are plain
 * Java that Spring only wires, and the web layer talks to the engine, never to a store.
 */
class ArchitectureTests {

	private static JavaClasses classes;

	@BeforeAll
	static void importMainClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.eventcheckpoint");
	}

	@Test
	void engineFormatAndStoresShouldNotDependOnSpringMicrometerOrServlets() {
		noClasses().that()
			.resideInAnyPackage("io.eventcheckpoint.engine..", "io.eventcheckpoint.format..",
					"io.eventcheckpoint.store..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..", "jakarta.servlet..")
			.because("the engine, the format and the stores are plain Java; Spring only wires them")
			.check(classes);
	}

	@Test
	void engineShouldNotDependOnFormatOrStores() {
		noClasses().that()
			.resideInAPackage("io.eventcheckpoint.engine..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.eventcheckpoint.format..", "io.eventcheckpoint.store..")
			.because("stores plug into the engine through its SPI (CheckpointStore, FlushBatch)")
			.check(classes);
	}

	@Test
	void formatShouldDependOnNothingButTheEngineModel() {
		noClasses().that()
			.resideInAPackage("io.eventcheckpoint.format..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.eventcheckpoint.store..", "io.eventcheckpoint.web..",
					"io.eventcheckpoint.config..")
			.check(classes);
	}

	@Test
	void webShouldNotUseStoreInternals() {
		noClasses().that()
			.resideInAnyPackage("io.eventcheckpoint.web..", "io.eventcheckpoint.security..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.eventcheckpoint.store..")
			.because("the web layer reaches states through the engine, whatever store holds them")
			.check(classes);
	}

	@Test
	void storesShouldNotDependOnEachOther() {
		noClasses().that()
			.resideInAPackage("io.eventcheckpoint.store.file..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.eventcheckpoint.store.postgres..")
			.check(classes);
		noClasses().that()
			.resideInAPackage("io.eventcheckpoint.store.postgres..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.eventcheckpoint.store.file..")
			.check(classes);
	}

	@Test
	void springConfigurationShouldLiveOutsideThePlainJavaPackages() {
		classes().that()
			.areAnnotatedWith("org.springframework.context.annotation.Configuration")
			.should()
			.resideOutsideOfPackages("io.eventcheckpoint.engine..", "io.eventcheckpoint.format..",
					"io.eventcheckpoint.store..")
			.check(classes);
	}

}
