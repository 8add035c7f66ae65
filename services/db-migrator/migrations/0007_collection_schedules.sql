-- When household waste, food waste and recyclables are put out, per 관리구역 of a 시·군·구, from the public standard
-- dataset 전국생활쓰레기배출정보표준데이터 (services/schedule-import). An import is staged, then published in one
-- statement: its rows are written under a new import_id that no reader sees, then schedule_regions points each
-- 시·군·구 the file covers at that import and the rows of the import it pointed at before are deleted. Readers join
-- through schedule_regions, so they see either the old rows or the new ones, never a mix, and an import stopped half-way
-- leaves only staged rows nobody reads (deleted by a later import).
-- No GRANT: the application role `growbin` owns the database and runs the migrator (k8s/base/data/postgres.yaml), as
-- for every other table.

CREATE TABLE growbin.schedule_imports (
    import_id    uuid        PRIMARY KEY,
    file_name    text        NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 300),
    started_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

CREATE TABLE growbin.collection_schedules (
    id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id          uuid        NOT NULL REFERENCES growbin.schedule_imports ON DELETE CASCADE,
    line               integer     NOT NULL CHECK (line >= 2),
    sido               text        NOT NULL CHECK (char_length(sido) BETWEEN 1 AND 20),
    sigungu            text        NOT NULL CHECK (char_length(sigungu) BETWEEN 1 AND 50),
    -- "성남시 분당구" and "성남시분당구" are one 시·군·구.
    sigungu_key        text        NOT NULL GENERATED ALWAYS AS (replace(sigungu, ' ', '')) STORED,
    area_name          text        NOT NULL CHECK (char_length(area_name) BETWEEN 1 AND 200),
    target_areas       text        CHECK (char_length(target_areas) <= 2000),
    place_type         text        CHECK (char_length(place_type) <= 100),
    place              text        CHECK (char_length(place) <= 500),
    general_method     text        CHECK (char_length(general_method) <= 1000),
    food_method        text        CHECK (char_length(food_method) <= 1000),
    recyclable_method  text        CHECK (char_length(recyclable_method) <= 1000),
    bulky_method       text        CHECK (char_length(bulky_method) <= 1000),
    bulky_place        text        CHECK (char_length(bulky_place) <= 500),
    -- Days as ISO weekdays (1 Monday … 7 Sunday, PostgreSQL's isodow); times as minutes after midnight, the end
    -- 1–1440 (24:00) and earlier than the start when the window runs past midnight.
    general_days       smallint[]  NOT NULL CHECK (general_days <@ '{1,2,3,4,5,6,7}'),
    general_start      smallint    CHECK (general_start BETWEEN 0 AND 1439),
    general_end        smallint    CHECK (general_end BETWEEN 1 AND 1440),
    food_days          smallint[]  NOT NULL CHECK (food_days <@ '{1,2,3,4,5,6,7}'),
    food_start         smallint    CHECK (food_start BETWEEN 0 AND 1439),
    food_end           smallint    CHECK (food_end BETWEEN 1 AND 1440),
    recyclable_days    smallint[]  NOT NULL CHECK (recyclable_days <@ '{1,2,3,4,5,6,7}'),
    recyclable_start   smallint    CHECK (recyclable_start BETWEEN 0 AND 1439),
    recyclable_end     smallint    CHECK (recyclable_end BETWEEN 1 AND 1440),
    -- 미수거일: weekdays, holiday kinds, fixed dates ('MM-DD'), the parts not understood, and the text as published.
    skip_weekdays      smallint[]  NOT NULL DEFAULT '{}' CHECK (skip_weekdays <@ '{1,2,3,4,5,6,7}'),
    skip_holidays      text[]      NOT NULL DEFAULT '{}'
                                   CHECK (skip_holidays <@ '{public,seollal,seollal-period,chuseok,chuseok-period}'),
    skip_dates         text[]      NOT NULL DEFAULT '{}'
                                   CHECK (array_to_string(skip_dates, ',') ~ '^([01][0-9]-[0-3][0-9](,[01][0-9]-[0-3][0-9])*)?$'),
    skip_notes         text[]      NOT NULL DEFAULT '{}',
    skip_text          text        CHECK (char_length(skip_text) <= 500),
    department         text        CHECK (char_length(department) <= 100),
    department_phone   text        CHECK (char_length(department_phone) <= 50),
    data_date          date        NOT NULL,
    CONSTRAINT collection_schedules_general_times CHECK ((general_start IS NULL) = (general_end IS NULL) AND (general_start IS NULL OR general_start <> general_end)),
    CONSTRAINT collection_schedules_food_times CHECK ((food_start IS NULL) = (food_end IS NULL) AND (food_start IS NULL OR food_start <> food_end)),
    CONSTRAINT collection_schedules_recyclable_times CHECK ((recyclable_start IS NULL) = (recyclable_end IS NULL) AND (recyclable_start IS NULL OR recyclable_start <> recyclable_end))
);

-- The published import of each 시·군·구 (at most one).
CREATE TABLE growbin.schedule_regions (
    sido         text        NOT NULL,
    sigungu_key  text        NOT NULL,
    sigungu      text        NOT NULL,
    import_id    uuid        NOT NULL REFERENCES growbin.schedule_imports,
    published_at timestamptz NOT NULL,
    PRIMARY KEY (sido, sigungu_key)
);

-- The API reads one 시·군·구's rows of its published import; publishing finds the rows of the import it replaces.
CREATE INDEX collection_schedules_region ON growbin.collection_schedules (sido, sigungu_key, import_id);
CREATE INDEX collection_schedules_import ON growbin.collection_schedules (import_id);
