package org.isaacus.intake;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.isaacus.forms.InvalidInputException;

/**
 * Coverage-guided fuzzing of the PDF check (Jazzer). Whatever the bytes, the check either accepts the file or
 * refuses it with a field message (a 400); any other exception would be a 500 and fails. The test command runs the
 * kept inputs in src/test/resources/org/isaacus/intake/ResearchPlanCheckFuzzTestInputs (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/security.md for how long it ran and what it found).
 */
class ResearchPlanCheckFuzzTest {

    private static final ResearchPlanCheck CHECK =
            new ResearchPlanCheck(10 * 1024 * 1024, 20 * 1024 * 1024, org.isaacus.support.Messages.bundles());

    @FuzzTest(maxDuration = "60s")
    void anyBytesAreAcceptedOrRefusedCleanly(byte[] content) {
        try {
            CHECK.check("plan.pdf", content);
        } catch (InvalidInputException refused) {
            // a clear 400: fine
        }
    }
}
