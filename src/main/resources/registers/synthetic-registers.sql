-- Synthetic source registers: what the register holders' own systems would return. Deterministic: the same
-- :persons and :seed give the same rows on any machine. Identity codes follow the Finnish format with
-- individual numbers 900-999, the range reserved for codes that belong to nobody.
DROP SCHEMA IF EXISTS src_statfi, src_thl, src_kela, src_biobank_h, src_optout, src_work CASCADE;
CREATE SCHEMA src_work;
CREATE SCHEMA src_statfi;
CREATE SCHEMA src_thl;
CREATE SCHEMA src_kela;
CREATE SCHEMA src_biobank_h;
CREATE SCHEMA src_optout;

-- a deterministic number in [0, m) for row n, stream salt
CREATE FUNCTION src_work.rnd(n bigint, salt integer, m integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT mod(hashint8(n * 1000003 + salt * 7919 + :seed)::bigint + 2147483648, m)::integer $$;

CREATE FUNCTION src_work.identity_code(born date, individual integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT to_char(born, 'DDMMYY') || CASE WHEN born < DATE '2000-01-01' THEN '-' ELSE 'A' END
             || lpad(individual::text, 3, '0')
             || substr('0123456789ABCDEFHJKLMNPRSTUVWXY',
                       mod((to_char(born, 'DDMMYY') || lpad(individual::text, 3, '0'))::bigint, 31)::integer + 1, 1) $$;

CREATE TABLE src_work.generated (persons integer NOT NULL, seed integer NOT NULL, generated_at timestamptz NOT NULL DEFAULT now());

-- (date, individual number) is unique for n < 3,200,000: 7919 is coprime with 32000
CREATE UNLOGGED TABLE src_work.person_base AS
SELECT n,
       DATE '1930-01-01' + mod((n / 100) * 7919, 32000)::integer AS born,
       900 + mod(n, 100)::integer AS individual
FROM generate_series(0::bigint, :persons - 1) n;

CREATE TABLE src_statfi.person AS
SELECT src_work.identity_code(born, individual) AS pid,
       born AS birth_date,
       extract(year FROM born)::integer AS birth_year,
       CASE WHEN mod(individual, 2) = 1 THEN 'M' ELSE 'F' END AS sex,
       (ARRAY['091','049','092','837','564','853','297','179','398','478'])[src_work.rnd(n, 1, 10) + 1] AS municipality,
       n
FROM src_work.person_base;

CREATE TABLE src_optout.opt_out AS
SELECT pid, DATE '2019-01-01' + src_work.rnd(n, 2, 2500) AS registered_on
FROM src_statfi.person WHERE src_work.rnd(n, 3, 100) = 0;

CREATE TABLE src_thl.care_episode AS
SELECT p.pid,
       a.admission_date,
       a.admission_date + src_work.rnd(p.n * 8 + k, 5, 21) AS discharge_date,
       (ARRAY['I21.9','I25.1','I50.0','I63.9','E11.9','E10.9','F00.1','F03','F32.1','J44.1',
              'J18.9','K35.8','M16.1','M17.1','N18.3','C50.9','C61','S72.0','G30.1','I48.9'])[src_work.rnd(p.n * 8 + k, 6, 20) + 1] AS icd10,
       (ARRAY['10','20','30','40','50','60','70'])[src_work.rnd(p.n * 8 + k, 7, 7) + 1] AS specialty
FROM src_statfi.person p
CROSS JOIN LATERAL generate_series(1, src_work.rnd(p.n, 4, 5)) k
CROSS JOIN LATERAL (SELECT greatest(p.birth_date, DATE '1998-01-01') + src_work.rnd(p.n * 8 + k, 8, 9500) AS admission_date) a;

CREATE TABLE src_thl.cancer_case AS
SELECT pid,
       greatest(birth_date + 7300, DATE '1995-01-01') + src_work.rnd(n, 10, 9000) AS diagnosis_date,
       (ARRAY['C18.7','C34.1','C50.4','C61','C43.5','C67.9','C25.0','C71.9'])[src_work.rnd(n, 11, 8) + 1] AS icd10,
       (ARRAY['localised','regional','distant','unknown'])[src_work.rnd(n, 12, 4) + 1] AS stage
FROM src_statfi.person WHERE src_work.rnd(n, 9, 20) = 0;

CREATE TABLE src_kela.purchase AS
SELECT p.pid,
       greatest(p.birth_date, DATE '1998-01-01') + src_work.rnd(p.n * 16 + k, 14, 9500) AS purchase_date,
       (ARRAY['C10AA01','C10AA05','C07AB02','C09AA02','A10BA02','N06AB10','N05BA01','R03AK06','M01AE01','B01AC06',
              'N06DA02','H03AA01'])[src_work.rnd(p.n * 16 + k, 15, 12) + 1] AS atc,
       round(10 + src_work.rnd(p.n * 16 + k, 16, 900) / 10.0, 1) AS ddd,
       round(5 + src_work.rnd(p.n * 16 + k, 17, 20000) / 100.0, 2) AS cost_eur
FROM src_statfi.person p
CROSS JOIN LATERAL generate_series(1, src_work.rnd(p.n, 13, 15)) k;

CREATE TABLE src_statfi.death AS
SELECT pid,
       least(greatest(birth_date + 18250, DATE '2000-01-01') + src_work.rnd(n, 19, 9000), DATE '2025-12-31') AS death_date,
       (ARRAY['I21.9','I25.1','C34.1','F03','G30.1','J44.1','I63.9','C18.7'])[src_work.rnd(n, 20, 8) + 1] AS underlying_cause
FROM src_statfi.person WHERE src_work.rnd(n, 18, 12) = 0;

CREATE TABLE src_biobank_h.sample AS
SELECT p.pid,
       DATE '2014-01-01' + src_work.rnd(p.n * 4 + k, 22, 4000) AS sampled_on,
       (ARRAY['serum','plasma','dna','tissue'])[src_work.rnd(p.n * 4 + k, 23, 4) + 1] AS sample_type,
       round(0.5 + src_work.rnd(p.n * 4 + k, 24, 100) / 20.0, 2) AS volume_ml
FROM src_statfi.person p
CROSS JOIN LATERAL generate_series(1, 1 + src_work.rnd(p.n, 25, 3)) k
WHERE src_work.rnd(p.n, 21, 10) = 0;

ALTER TABLE src_statfi.person DROP COLUMN n;
DROP TABLE src_work.person_base;
ALTER TABLE src_statfi.person ADD PRIMARY KEY (pid);
ALTER TABLE src_optout.opt_out ADD PRIMARY KEY (pid);
CREATE INDEX ON src_thl.care_episode (icd10 text_pattern_ops, pid);
CREATE INDEX ON src_thl.cancer_case (icd10 text_pattern_ops, pid);
ANALYZE src_statfi.person, src_optout.opt_out, src_thl.care_episode, src_thl.cancer_case, src_kela.purchase,
        src_statfi.death, src_biobank_h.sample;
INSERT INTO src_work.generated (persons, seed) VALUES (:persons, :seed);
