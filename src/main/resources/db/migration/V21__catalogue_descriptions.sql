-- The public data catalogue (issue 13): what a researcher reads before applying. Each dataset has a description,
-- topics, the years it covers, and, where the holder has said so, a typical extraction cost and time; each variable
-- a description. All text in English, Finnish and Swedish. The figures are the seed catalogue's (synthetic
-- registers), to be replaced by the holders' own.
ALTER TABLE dataset
    ADD COLUMN description_en text NOT NULL DEFAULT '',
    ADD COLUMN description_fi text NOT NULL DEFAULT '',
    ADD COLUMN description_sv text NOT NULL DEFAULT '',
    ADD COLUMN topics         text[] NOT NULL DEFAULT '{}',
    ADD COLUMN coverage_from  integer,
    ADD COLUMN coverage_to    integer,
    ADD COLUMN typical_cost_eur integer,
    ADD COLUMN typical_weeks  integer;

ALTER TABLE dataset_variable
    ADD COLUMN description_en text NOT NULL DEFAULT '',
    ADD COLUMN description_fi text NOT NULL DEFAULT '',
    ADD COLUMN description_sv text NOT NULL DEFAULT '';

UPDATE dataset d SET description_en = v.en, description_fi = v.fi, description_sv = v.sv, topics = v.topics,
                     coverage_from = v.first, coverage_to = v.last, typical_cost_eur = v.cost, typical_weeks = v.weeks
FROM (VALUES
  ('care-register',
   'Inpatient and outpatient visits to specialised health care: dates, diagnoses and specialties of each care episode.',
   'Erikoissairaanhoidon osastohoito- ja avohoitokäynnit: kunkin hoitojakson päivämäärät, diagnoosit ja erikoisalat.',
   'Slutenvårds- och öppenvårdsbesök inom den specialiserade sjukvården: datum, diagnoser och specialiteter för varje vårdperiod.',
   ARRAY['diagnoses', 'health-care-use'], 1969, 2025, 1200, 8),
  ('cancer-registry',
   'Every cancer diagnosed in Finland since 1953: date of diagnosis, site and stage.',
   'Kaikki Suomessa vuodesta 1953 todetut syövät: diagnoosipäivä, sijainti ja levinneisyys.',
   'Alla cancerfall som diagnostiserats i Finland sedan 1953: diagnosdatum, läge och stadium.',
   ARRAY['cancer', 'diagnoses'], 1953, 2024, 900, 6),
  ('reimbursed-prescriptions',
   'Prescription medicines bought with a reimbursement: date, medicine (ATC), defined daily doses and cost.',
   'Korvatut reseptilääkeostot: ostopäivä, lääke (ATC), määritellyt vuorokausiannokset ja hinta.',
   'Ersatta receptbelagda läkemedelsköp: köpdatum, läkemedel (ATC), definierade dygnsdoser och kostnad.',
   ARRAY['medicines'], 1995, 2025, 800, 6),
  ('causes-of-death',
   'Deaths of persons resident in Finland: date of death and the underlying cause (ICD-10).',
   'Suomessa asuneiden kuolemat: kuolinpäivä ja peruskuolemansyy (ICD-10).',
   'Dödsfall bland personer bosatta i Finland: dödsdatum och underliggande dödsorsak (ICD-10).',
   ARRAY['mortality'], 1971, 2024, 600, 4),
  ('population-statistics',
   'Basic facts of the population: year of birth, sex and municipality of residence.',
   'Väestön perustiedot: syntymävuosi, sukupuoli ja asuinkunta.',
   'Grunduppgifter om befolkningen: födelseår, kön och hemkommun.',
   ARRAY['population'], 1987, 2025, 400, 4),
  ('biobank-samples',
   'Samples stored in the biobank and their data: date of sampling, sample type and volume.',
   'Biopankkiin tallennetut näytteet ja niiden tiedot: näytteenottopäivä, näytetyyppi ja tilavuus.',
   'Prov som förvaras i biobanken och deras uppgifter: provtagningsdatum, provtyp och volym.',
   ARRAY['biobank'], 2013, 2025, NULL, 12)
) AS v (id, en, fi, sv, topics, first, last, cost, weeks)
WHERE d.id = v.id;

UPDATE dataset_variable dv SET description_en = v.en, description_fi = v.fi, description_sv = v.sv
FROM (VALUES
  ('population-statistics', 'birth_year', 'Calendar year of birth.', 'Syntymän kalenterivuosi.', 'Kalenderår för födelsen.'),
  ('population-statistics', 'sex', 'Sex as recorded in the population register.', 'Väestötietojärjestelmään merkitty sukupuoli.', 'Kön enligt befolkningsdatasystemet.'),
  ('population-statistics', 'municipality', 'Municipality of residence at the end of the year (code).', 'Asuinkunta vuoden lopussa (koodi).', 'Hemkommun vid årets slut (kod).'),
  ('care-register', 'admission_date', 'Day the care episode began.', 'Hoitojakson alkamispäivä.', 'Den dag vårdperioden började.'),
  ('care-register', 'discharge_date', 'Day the care episode ended.', 'Hoitojakson päättymispäivä.', 'Den dag vårdperioden slutade.'),
  ('care-register', 'icd10', 'Main diagnosis of the episode, ICD-10 code.', 'Hoitojakson päädiagnoosi, ICD-10-koodi.', 'Vårdperiodens huvuddiagnos, ICD-10-kod.'),
  ('care-register', 'specialty', 'Medical specialty that gave the care (code).', 'Hoidon antanut erikoisala (koodi).', 'Specialitet som gav vården (kod).'),
  ('cancer-registry', 'diagnosis_date', 'Day the cancer was diagnosed.', 'Syövän toteamispäivä.', 'Den dag cancern diagnostiserades.'),
  ('cancer-registry', 'icd10', 'Site of the cancer, ICD-10 code.', 'Syövän sijainti, ICD-10-koodi.', 'Cancerns läge, ICD-10-kod.'),
  ('cancer-registry', 'stage', 'Stage (spread) at diagnosis.', 'Levinneisyys toteamishetkellä.', 'Stadium (spridning) vid diagnos.'),
  ('reimbursed-prescriptions', 'purchase_date', 'Day of the purchase at the pharmacy.', 'Ostopäivä apteekissa.', 'Dag för köpet på apoteket.'),
  ('reimbursed-prescriptions', 'atc', 'Medicine, ATC classification code.', 'Lääke, ATC-luokituksen koodi.', 'Läkemedel, kod enligt ATC-klassificeringen.'),
  ('reimbursed-prescriptions', 'ddd', 'Amount bought, in defined daily doses.', 'Ostettu määrä määriteltyinä vuorokausiannoksina.', 'Köpt mängd i definierade dygnsdoser.'),
  ('reimbursed-prescriptions', 'cost_eur', 'Price of the purchase in euros.', 'Oston hinta euroina.', 'Köpets pris i euro.'),
  ('causes-of-death', 'death_date', 'Day of death.', 'Kuolinpäivä.', 'Dödsdag.'),
  ('causes-of-death', 'underlying_cause', 'Underlying cause of death, ICD-10 code.', 'Peruskuolemansyy, ICD-10-koodi.', 'Underliggande dödsorsak, ICD-10-kod.'),
  ('biobank-samples', 'sampled_on', 'Day the sample was taken.', 'Näytteenottopäivä.', 'Den dag provet togs.'),
  ('biobank-samples', 'sample_type', 'Kind of sample (serum, plasma, DNA, tissue).', 'Näytteen laji (seerumi, plasma, DNA, kudos).', 'Typ av prov (serum, plasma, DNA, vävnad).'),
  ('biobank-samples', 'volume_ml', 'Volume stored, in millilitres.', 'Säilytetty tilavuus millilitroina.', 'Lagrad volym i milliliter.')
) AS v (dataset_id, name, en, fi, sv)
WHERE dv.dataset_id = v.dataset_id AND dv.name = v.name;
