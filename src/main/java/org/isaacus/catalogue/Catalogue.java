package org.isaacus.catalogue;

import static org.isaacus.db.Tables.DATASET;
import static org.isaacus.db.Tables.DATASET_VARIABLE;
import static org.isaacus.db.Tables.REGISTER_HOLDER;

import java.util.Collection;
import java.util.List;
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
                        DATASET.BIOBANK_SAMPLES)
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
                        r.value8()));
    }

    public List<Dataset> datasets(Collection<String> ids) {
        return datasets().stream().filter(d -> ids.contains(d.id())).toList();
    }

    /** Every variable an applicant can name, in catalogue order. */
    public List<Variable> variables() {
        return db.selectFrom(DATASET_VARIABLE)
                .orderBy(DATASET_VARIABLE.DATASET_ID, DATASET_VARIABLE.POSITION)
                .fetch(r -> new Variable(r.getDatasetId(), r.getName(), r.getLabelEn(), r.getDataType()));
    }

    public record Variable(String datasetId, String name, String labelEn, String dataType) {
        /** How an application names the variable: {@code <dataset>.<variable>}. */
        public String qualifiedName() {
            return datasetId + "." + name;
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
            boolean biobankSamples) {}
}
