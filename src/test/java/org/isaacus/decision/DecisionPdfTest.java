package org.isaacus.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class DecisionPdfTest {

    @Test
    void finnishAndSwedishLettersSurviveInAnEmbeddedFont() throws Exception {
        byte[] pdf = DecisionPdf.render(new DecisionPdf.Content(
                "c0ffee",
                "Äidinmaidon vaikutus – Bröstmjölkens effekt",
                "aino",
                "refuse",
                "Hakemus hylätään. Ansökan avslås på grund av bristande rättslig grund.",
                null,
                null,
                List.of("Hoitoilmoitusrekisteri / Vårdanmälningsregistret"),
                List.of("care-register: icd10"),
                List.of("aino"),
                "olli",
                "oona",
                LocalDate.of(2026, 11, 26),
                java.util.Locale.ENGLISH));

        try (var doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("Äidinmaidon vaikutus – Bröstmjölkens effekt")
                    .contains("Ansökan avslås på grund av bristande rättslig grund.")
                    .contains("Hoitoilmoitusrekisteri / Vårdanmälningsregistret")
                    .contains("The application is refused.")
                    .contains("appealed");
            assertThat(text).as("a refusal permits nothing").doesNotContain("Persons who may use");
            var resources = doc.getPage(0).getResources();
            for (var name : resources.getFontNames()) {
                PDFont font = resources.getFont(name);
                assertThat(font.isEmbedded()).as(font.getName()).isTrue();
            }
        }
    }

    @Test
    void longReasonsWrapOntoFurtherPages() throws Exception {
        String reasons = "Perustelu ja motivering. ".repeat(600);
        byte[] pdf = DecisionPdf.render(new DecisionPdf.Content(
                "c0ffee",
                "Title",
                "aino",
                "grant-with-conditions",
                reasons,
                "Results leave the secure environment only after disclosure control; tulokset ja resultat.",
                LocalDate.of(2028, 11, 30),
                List.of(),
                List.of("care-register: icd10, admission_date"),
                List.of("aino", "tea@uef.example"),
                "olli",
                "oona",
                LocalDate.of(2026, 11, 26),
                java.util.Locale.ENGLISH));
        try (var doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("granted with conditions")
                    .contains("Valid until: 2028-11-30")
                    .contains("tulokset ja resultat")
                    .contains("Approved by: oona")
                    .contains("care-register: icd10, admission_date")
                    .contains("tea@uef.example");
            // a grant with conditions can be appealed as a refusal can (808/2019 §13)
            assertThat(text).contains("appealed to the administrative court within 30 days");
        }
    }

    @Test
    void aRevocationDecisionSaysSoWithReasonsAndAppealInstructions() throws Exception {
        byte[] pdf = DecisionPdf.render(new DecisionPdf.Content(
                "c0ffee",
                "Title",
                "aino",
                "revoke",
                "The condition on access was broken.\nThe permit holder was heard.",
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                "olli",
                null,
                LocalDate.of(2027, 2, 1),
                java.util.Locale.ENGLISH));
        try (var doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("Decision to revoke a data permit")
                    .contains("The data permit is revoked")
                    .contains("The condition on access was broken.")
                    .contains("The permit holder was heard.")
                    .contains("appealed to the administrative court")
                    .doesNotContain("Valid until");
        }
    }

    @Test
    void theDecisionIsWrittenInTheApplicantsLanguage() throws Exception {
        for (var language : List.of(java.util.Locale.of("fi"), java.util.Locale.of("sv"))) {
            byte[] pdf = DecisionPdf.render(new DecisionPdf.Content(
                    "c0ffee",
                    "Uniapnea ja liikenneonnettomuudet",
                    "aino",
                    "grant-with-conditions",
                    "Perustelut.",
                    "Ehdot.",
                    LocalDate.of(2028, 11, 30),
                    List.of("Hoitoilmoitusrekisteri"),
                    List.of("care-register: icd10"),
                    List.of("aino"),
                    "olli",
                    "oona",
                    LocalDate.of(2026, 11, 26),
                    language));
            try (var doc = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(doc);
                if (language.getLanguage().equals("fi")) {
                    assertThat(text)
                            .contains("Päätös käyttölupahakemukseen")
                            .contains("Käyttölupa myönnetään ehdoin.")
                            .contains("Voimassa: 2028-11-30")
                            .contains("Hyväksyjä: oona")
                            .contains("hallinto-oikeuteen");
                } else {
                    assertThat(text)
                            .contains("Beslut om ansökan om dataanvändningstillstånd")
                            .contains("Dataanvändningstillstånd beviljas med villkor.")
                            .contains("Gäller till: 2028-11-30")
                            .contains("förvaltningsdomstolen");
                }
                assertThat(text).doesNotContain("The data permit is granted");
            }
        }
    }
}
