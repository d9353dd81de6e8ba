package org.isaacus.decision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders a permit decision as PDF/A-friendly text with an embedded Unicode font (Liberation Sans, shipped in
 * the PDFBox jar), so Finnish and Swedish letters render and are searchable.
 */
final class DecisionPdf {

    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private static final float MARGIN = 56;
    private static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;

    record Content(
            String caseId,
            String title,
            String applicant,
            String outcome,
            String reasons,
            String conditions,
            LocalDate validUntil,
            List<String> datasets,
            List<String> permittedData,
            List<String> persons,
            String decidedBy,
            String approvedBy,
            LocalDate decidedOn,
            java.util.Locale language) {}

    private DecisionPdf() {}

    /** The decision's texts in its language: messages*.properties, keys {@code pdf.*}; English if none. */
    static java.util.ResourceBundle texts(java.util.Locale language) {
        return java.util.ResourceBundle.getBundle(
                "messages",
                language,
                java.util.ResourceBundle.Control.getNoFallbackControl(
                        java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    static byte[] render(Content c) {
        var t = texts(c.language());
        java.util.function.BiFunction<String, Object[], String> say =
                (key, args) -> java.text.MessageFormat.format(t.getString(key), args);
        try (var doc = new PDDocument();
                InputStream fontStream = DecisionPdf.class.getResourceAsStream(FONT)) {
            PDFont font = PDType0Font.load(doc, fontStream, true);
            var info = doc.getDocumentInformation();
            info.setTitle(say.apply("pdf.documentTitle", new Object[] {c.caseId()}));
            info.setAuthor(t.getString("pdf.author"));
            // fixed dates keep the document reproducible for the same decision
            var created = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            created.clear();
            created.set(
                    c.decidedOn().getYear(),
                    c.decidedOn().getMonthValue() - 1,
                    c.decidedOn().getDayOfMonth());
            info.setCreationDate(created);
            info.setModificationDate((Calendar) created.clone());

            List<Line> lines = new ArrayList<>();
            if ("revoke".equals(c.outcome())) {
                lines.add(new Line(t.getString("pdf.revocationHeading"), 16));
                lines.add(new Line(t.getString("pdf.revocationSubheading"), 10));
            } else {
                lines.add(new Line(t.getString("pdf.heading"), 16));
                lines.add(new Line(t.getString("pdf.subheading"), 10));
            }
            lines.add(Line.BLANK);
            lines.add(new Line(t.getString("pdf.case") + " " + c.caseId(), 11));
            lines.add(new Line(t.getString("pdf.applicant") + " " + c.applicant(), 11));
            lines.add(new Line(t.getString("pdf.title") + " " + c.title(), 11));
            lines.add(new Line(t.getString("pdf.date") + " " + c.decidedOn(), 11));
            lines.add(Line.BLANK);
            lines.add(new Line(
                    t.getString("pdf.decision") + " "
                            + t.getString(
                                    switch (c.outcome()) {
                                        case "grant" -> "pdf.outcome.grant";
                                        case "grant-with-conditions" -> "pdf.outcome.grant-with-conditions";
                                        case "revoke" -> "pdf.outcome.revoke";
                                        default -> "pdf.outcome.refuse";
                                    }),
                    13));
            if (c.validUntil() != null && !"refuse".equals(c.outcome()) && !"revoke".equals(c.outcome())) {
                lines.add(new Line(t.getString("pdf.validUntil") + " " + c.validUntil(), 11));
            }
            lines.add(Line.BLANK);
            lines.add(new Line(t.getString("pdf.datasets"), 11));
            for (String d : c.datasets()) {
                lines.add(new Line("  • " + d, 11));
            }
            if (!"refuse".equals(c.outcome()) && !c.permittedData().isEmpty()) {
                lines.add(Line.BLANK);
                lines.add(new Line(t.getString("pdf.permittedData"), 11));
                for (String d : c.permittedData()) {
                    lines.addAll(wrap("  • " + d, font, 11));
                }
            }
            if (!"refuse".equals(c.outcome()) && !c.persons().isEmpty()) {
                lines.add(Line.BLANK);
                lines.add(new Line(t.getString("pdf.persons"), 11));
                for (String p : c.persons()) {
                    lines.add(new Line("  • " + p, 11));
                }
            }
            lines.add(Line.BLANK);
            lines.add(new Line(t.getString("pdf.reasons"), 11));
            for (String paragraph : c.reasons().split("\\R")) {
                lines.addAll(wrap(paragraph, font, 11));
            }
            if (c.conditions() != null && !c.conditions().isBlank()) {
                lines.add(Line.BLANK);
                lines.add(new Line(t.getString("pdf.conditions"), 11));
                for (String paragraph : c.conditions().split("\\R")) {
                    lines.addAll(wrap(paragraph, font, 11));
                }
            }
            lines.add(Line.BLANK);
            lines.add(new Line(t.getString("pdf.draftedBy") + " " + c.decidedBy(), 11));
            if (c.approvedBy() != null) {
                lines.add(new Line(t.getString("pdf.approvedBy") + " " + c.approvedBy(), 11));
            }
            // every decision can be appealed, a grant's conditions included (Administrative Judicial Procedure
            // Act 808/2019 §13; an e-mail counts as received on the third day after sending, Act 434/2003 §59)
            lines.add(Line.BLANK);
            lines.addAll(wrap(t.getString("pdf.appeal"), font, 10));
            write(doc, font, lines);
            var out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the decision PDF", e);
        }
    }

    private static void write(PDDocument doc, PDFont font, List<Line> lines) throws IOException {
        PDPage page = null;
        PDPageContentStream stream = null;
        float y = 0;
        try {
            for (Line line : lines) {
                float height = line.size() * 1.5f;
                if (stream == null || y - height < MARGIN) {
                    if (stream != null) {
                        stream.close();
                    }
                    page = new PDPage(PDRectangle.A4);
                    doc.addPage(page);
                    stream = new PDPageContentStream(doc, page);
                    y = PDRectangle.A4.getHeight() - MARGIN;
                }
                y -= height;
                if (!line.text().isEmpty()) {
                    stream.beginText();
                    stream.setFont(font, line.size());
                    stream.newLineAtOffset(MARGIN, y);
                    stream.showText(line.text());
                    stream.endText();
                }
            }
        } finally {
            if (stream != null) {
                stream.close();
            }
        }
    }

    private static List<Line> wrap(String text, PDFont font, float size) throws IOException {
        List<Line> out = new ArrayList<>();
        var current = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            String candidate = current.isEmpty() ? word : current + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size > WIDTH && !current.isEmpty()) {
                out.add(new Line(current.toString(), size));
                current = new StringBuilder(word);
            } else {
                current = new StringBuilder(candidate);
            }
        }
        out.add(new Line(current.toString(), size));
        return out;
    }

    private record Line(String text, float size) {
        static final Line BLANK = new Line("", 8);
    }
}
