package org.isaacus.catalogue;

import static org.isaacus.db.Tables.DATASET;
import static org.isaacus.db.Tables.DATASET_VARIABLE;
import static org.isaacus.db.Tables.REGISTER_HOLDER;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The registers an applicant can ask for, and who holds them. */
@Service
@Transactional(readOnly = true)
public class Catalogue {

    private final DSLContext db;

    Catalogue(DSLContext db) {
        this.db = db;
    }

    public List<Dataset> datasets() {
        return db.select(
                        DATASET.ID,
                        DATASET.NAME_EN,
                        DATASET.NAME_FI,
                        DATASET.NAME_SV,
                        DATASET.HOLDER_ID,
                        REGISTER_HOLDER.NAME_EN,
                        DATASET.HEALTH_DATA,
                        DATASET.BIOBANK_SAMPLES,
                        REGISTER_HOLDER.NAME_FI,
                        REGISTER_HOLDER.NAME_SV)
                .from(DATASET)
                .join(REGISTER_HOLDER)
                .on(REGISTER_HOLDER.ID.eq(DATASET.HOLDER_ID))
                .orderBy(DATASET.NAME_EN)
                .fetch(r -> new Dataset(
                        r.value1(),
                        r.value2(),
                        r.value3(),
                        r.value4(),
                        r.value5(),
                        r.value6(),
                        r.value7(),
                        r.value8(),
                        r.value9(),
                        r.value10()));
    }

    public List<Holder> holders() {
        return db.selectFrom(REGISTER_HOLDER)
                .orderBy(REGISTER_HOLDER.NAME_EN)
                .fetch(r -> new Holder(r.getId(), r.getNameEn(), r.getNameFi(), r.getNameSv()));
    }

    /** The Finnish or Swedish text for those locales, the English one otherwise. */
    public static String localized(java.util.Locale locale, String en, String fi, String sv) {
        return switch (locale.getLanguage()) {
            case "fi" -> fi;
            case "sv" -> sv;
            default -> en;
        };
    }

    /** A dataset as the public catalogue shows it, in the reader's language. */
    public record Entry(
            String id,
            String name,
            String description,
            String holderId,
            String holderName,
            List<String> topics,
            Integer coverageFrom,
            Integer coverageTo,
            Integer typicalCostEur,
            Integer typicalWeeks,
            List<VariableEntry> variables) {}

    public record VariableEntry(String name, String label, String description, String dataType) {}

    /** Every dataset with its variables, in the locale's language, by name. */
    public List<Entry> entries(java.util.Locale locale) {
        var variables = db.selectFrom(DATASET_VARIABLE)
                .orderBy(DATASET_VARIABLE.DATASET_ID, DATASET_VARIABLE.POSITION)
                .fetchGroups(
                        DATASET_VARIABLE.DATASET_ID,
                        v -> new VariableEntry(
                                v.getName(),
                                localized(locale, v.getLabelEn(), v.getLabelFi(), v.getLabelSv()),
                                localized(locale, v.getDescriptionEn(), v.getDescriptionFi(), v.getDescriptionSv()),
                                v.getDataType()));
        return db
                .select(DATASET.asterisk(), REGISTER_HOLDER.NAME_EN, REGISTER_HOLDER.NAME_FI, REGISTER_HOLDER.NAME_SV)
                .from(DATASET)
                .join(REGISTER_HOLDER)
                .on(REGISTER_HOLDER.ID.eq(DATASET.HOLDER_ID))
                .fetch(r -> {
                    var d = r.into(DATASET);
                    return new Entry(
                            d.getId(),
                            localized(locale, d.getNameEn(), d.getNameFi(), d.getNameSv()),
                            localized(locale, d.getDescriptionEn(), d.getDescriptionFi(), d.getDescriptionSv()),
                            d.getHolderId(),
                            localized(
                                    locale,
                                    r.get(REGISTER_HOLDER.NAME_EN),
                                    r.get(REGISTER_HOLDER.NAME_FI),
                                    r.get(REGISTER_HOLDER.NAME_SV)),
                            List.of(d.getTopics()),
                            d.getCoverageFrom(),
                            d.getCoverageTo(),
                            d.getTypicalCostEur(),
                            d.getTypicalWeeks(),
                            variables.getOrDefault(d.getId(), List.of()));
                })
                .stream()
                .sorted(java.util.Comparator.comparing(Entry::name, java.text.Collator.getInstance(locale)))
                .toList();
    }

    public record Holder(String id, String nameEn, String nameFi, String nameSv) {
        public String name(java.util.Locale locale) {
            return localized(locale, nameEn, nameFi, nameSv);
        }
    }

    /** Every dataset's and register holder's name in the locale's language: ids said in words. */
    public Names names(java.util.Locale locale) {
        Map<String, String> datasets = new java.util.HashMap<>();
        datasets().forEach(d -> datasets.put(d.id(), d.name(locale)));
        Map<String, String> holders = new java.util.HashMap<>();
        holders().forEach(h -> holders.put(h.id(), h.name(locale)));
        return new Names(Map.copyOf(datasets), Map.copyOf(holders));
    }

    /** Names by id; an id the catalogue does not know stays as it is. */
    public record Names(Map<String, String> datasets, Map<String, String> holders) {
        public String dataset(Object id) {
            return datasets.getOrDefault(String.valueOf(id), String.valueOf(id));
        }

        public String holder(Object id) {
            return holders.getOrDefault(String.valueOf(id), String.valueOf(id));
        }
    }

    public List<Dataset> datasets(Collection<String> ids) {
        return datasets().stream().filter(d -> ids.contains(d.id())).toList();
    }

    /** Every variable an applicant can name, in catalogue order. */
    public List<Variable> variables() {
        return db.selectFrom(DATASET_VARIABLE)
                .orderBy(DATASET_VARIABLE.DATASET_ID, DATASET_VARIABLE.POSITION)
                .fetch(r -> new Variable(
                        r.getDatasetId(),
                        r.getName(),
                        r.getLabelEn(),
                        r.getLabelFi(),
                        r.getLabelSv(),
                        r.getDataType(),
                        r.getDescriptionEn(),
                        r.getDescriptionFi(),
                        r.getDescriptionSv()));
    }

    public record Variable(
            String datasetId,
            String name,
            String labelEn,
            String labelFi,
            String labelSv,
            String dataType,
            String descriptionEn,
            String descriptionFi,
            String descriptionSv) {
        /** How an application names the variable: {@code <dataset>.<variable>}. */
        public String qualifiedName() {
            return datasetId + "." + name;
        }

        public String label(java.util.Locale locale) {
            return localized(locale, labelEn, labelFi, labelSv);
        }
    }

    public record Dataset(
            String id,
            String nameEn,
            String nameFi,
            String nameSv,
            String holderId,
            String holderName,
            boolean healthData,
            boolean biobankSamples,
            String holderNameFi,
            String holderNameSv) {
        public String name(java.util.Locale locale) {
            return localized(locale, nameEn, nameFi, nameSv);
        }
    }
}
