-- Register holders and the datasets an applicant can request. Seeded with a small Finnish-style catalogue.
CREATE TABLE register_holder (
    id      text PRIMARY KEY,
    name_en text NOT NULL,
    name_fi text NOT NULL,
    name_sv text NOT NULL
);

CREATE TABLE dataset (
    id                text PRIMARY KEY,
    holder_id         text NOT NULL REFERENCES register_holder (id),
    name_en           text NOT NULL,
    name_fi           text NOT NULL,
    name_sv           text NOT NULL,
    -- individual-level health data needs an ethics statement for research without consent (routing DMN)
    health_data       boolean NOT NULL,
    biobank_samples   boolean NOT NULL DEFAULT false
);

INSERT INTO register_holder (id, name_en, name_fi, name_sv) VALUES
  ('thl',       'Finnish Institute for Health and Welfare', 'Terveyden ja hyvinvoinnin laitos', 'Institutet för hälsa och välfärd'),
  ('kela',      'Social Insurance Institution',             'Kansaneläkelaitos',                'Folkpensionsanstalten'),
  ('statfi',    'Statistics Finland',                       'Tilastokeskus',                    'Statistikcentralen'),
  ('biobank-h', 'Helsinki Biobank',                         'Helsingin Biopankki',              'Helsingfors Biobank');

INSERT INTO dataset (id, holder_id, name_en, name_fi, name_sv, health_data, biobank_samples) VALUES
  ('care-register',          'thl',       'Care Register for Health Care',   'Hoitoilmoitusrekisteri',         'Vårdanmälningsregistret',          true,  false),
  ('cancer-registry',        'thl',       'Finnish Cancer Registry',         'Syöpärekisteri',                 'Cancerregistret',                  true,  false),
  ('reimbursed-prescriptions','kela',     'Reimbursed prescriptions',        'Korvatut lääkeostot',            'Ersatta läkemedelsköp',            true,  false),
  ('causes-of-death',        'statfi',    'Causes of death',                 'Kuolemansyyt',                   'Dödsorsaker',                      true,  false),
  ('population-statistics',  'statfi',    'Population statistics',           'Väestötilastot',                 'Befolkningsstatistik',             false, false),
  ('biobank-samples',        'biobank-h', 'Biobank samples and sample data', 'Biopankkinäytteet ja näytetiedot', 'Biobanksprov och provdata',       true,  true);
