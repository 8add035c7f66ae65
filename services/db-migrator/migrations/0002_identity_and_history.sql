-- Identity (auth) and scan history (userinfo). Ids are uuids made by the database; tokens carry them as text (sub).
CREATE TABLE growbin.users (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    nickname          text        NOT NULL CHECK (char_length(nickname) BETWEEN 2 AND 20),
    profile_image_url text        NULL CHECK (profile_image_url IS NULL OR char_length(profile_image_url) <= 2048),
    -- 시군구 for local disposal rules, e.g. '서울특별시 마포구'.
    region            text        NULL CHECK (region IS NULL OR char_length(region) <= 50),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- One row per external account; a person may link several providers to one user.
CREATE TABLE growbin.user_identities (
    provider      text        NOT NULL CHECK (provider IN ('kakao', 'naver', 'google', 'dev')),
    subject       text        NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 255),
    user_id       uuid        NOT NULL REFERENCES growbin.users (id) ON DELETE CASCADE,
    email         text        NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);
CREATE INDEX user_identities_user ON growbin.user_identities (user_id);

-- Fed by the scan-completed subscription; scan_id is the natural key that makes redelivery harmless.
-- Deleting a user deletes their history with them.
CREATE TABLE growbin.scan_history (
    scan_id        text        PRIMARY KEY CHECK (scan_id ~ '^[0-9a-f]{32}$'),
    user_id        uuid        NOT NULL REFERENCES growbin.users (id) ON DELETE CASCADE,
    item_id        text        NULL,
    item_name      text        NOT NULL,
    category       text        NOT NULL,
    answer_summary text        NOT NULL,
    image_key      text        NOT NULL,
    completed_at   timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now()
);
-- Keyset pagination: a user's history newest first, ties broken by scan id.
CREATE INDEX scan_history_user_completed ON growbin.scan_history (user_id, completed_at DESC, scan_id DESC);
