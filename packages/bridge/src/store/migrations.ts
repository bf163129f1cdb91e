/**
 * The schema, as an ordered list of steps. Each store applies the steps it has not recorded in
 * `schema_migrations`, in one transaction. Never edit a released step: append a new one.
 *
 * Both dialects hold the same tables and columns. Money is whole yen in integer columns; instants
 * are milliseconds since the epoch in SQLite and `timestamptz` (microsecond precision) in PostgreSQL.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'payments, history, idempotency keys and webhook outbox',
    sqlite: `
      CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        acquirer TEXT NOT NULL,
        status TEXT NOT NULL,
        currency TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount >= 0),
        captured_amount INTEGER NOT NULL CHECK (captured_amount >= 0),
        refunded_amount INTEGER NOT NULL CHECK (refunded_amount >= 0),
        capture_mode TEXT NOT NULL,
        merchant_reference TEXT NOT NULL,
        item_name TEXT NOT NULL,
        return_url TEXT NOT NULL,
        client_secret_hash TEXT NOT NULL,
        order_id TEXT NOT NULL UNIQUE,
        cust_code TEXT NOT NULL,
        acquirer_reference TEXT,
        layout TEXT,
        checkout_count INTEGER NOT NULL,
        partial_capture_count INTEGER NOT NULL,
        refund_count INTEGER NOT NULL,
        flags TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        authorized_at INTEGER,
        captured_at INTEGER,
        updated_at INTEGER NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX payments_newest_first ON payments (created_at DESC, id DESC);
      CREATE INDEX payments_pending_expiry ON payments (expires_at) WHERE status = 'pending';

      CREATE TABLE payment_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        payment_id TEXT NOT NULL REFERENCES payments (id),
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX payment_events_by_payment ON payment_events (payment_id, seq);
      -- The history is the audit trail of money: refuse to rewrite it.
      CREATE TRIGGER payment_events_no_update BEFORE UPDATE ON payment_events
        BEGIN SELECT RAISE(ABORT, 'payment_events is append-only'); END;
      CREATE TRIGGER payment_events_no_delete BEFORE DELETE ON payment_events
        BEGIN SELECT RAISE(ABORT, 'payment_events is append-only'); END;

      CREATE TABLE idempotency_keys (
        scope TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        claimed_at INTEGER NOT NULL,
        response_status INTEGER,
        response_body TEXT,
        PRIMARY KEY (scope, idempotency_key)
      ) STRICT;

      CREATE TABLE webhook_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        payment_id TEXT NOT NULL REFERENCES payments (id),
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        leased_until INTEGER,
        delivered_at INTEGER,
        abandoned_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at, seq)
        WHERE delivered_at IS NULL AND abandoned_at IS NULL;
      CREATE INDEX webhook_outbox_by_payment ON webhook_outbox (payment_id, seq);
    `,
    postgres: `
      CREATE TABLE payments (
        id text PRIMARY KEY,
        acquirer text NOT NULL,
        status text NOT NULL,
        currency text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        captured_amount bigint NOT NULL CHECK (captured_amount >= 0),
        refunded_amount bigint NOT NULL CHECK (refunded_amount >= 0),
        capture_mode text NOT NULL,
        merchant_reference text NOT NULL,
        item_name text NOT NULL,
        return_url text NOT NULL,
        client_secret_hash text NOT NULL,
        order_id text NOT NULL CONSTRAINT payments_order_id_key UNIQUE,
        cust_code text NOT NULL,
        acquirer_reference text,
        layout text,
        checkout_count integer NOT NULL,
        partial_capture_count integer NOT NULL,
        refund_count integer NOT NULL,
        flags text[] NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        authorized_at timestamptz,
        captured_at timestamptz,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL
      );
      CREATE INDEX payments_newest_first ON payments (created_at DESC, id DESC);
      CREATE INDEX payments_pending_expiry ON payments (expires_at) WHERE status = 'pending';

      CREATE TABLE payment_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        payment_id text NOT NULL REFERENCES payments (id),
        type text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX payment_events_by_payment ON payment_events (payment_id, seq);
      -- The history is the audit trail of money: refuse to rewrite it.
      CREATE FUNCTION payment_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'payment_events is append-only'; END
      $$;
      CREATE TRIGGER payment_events_append_only BEFORE UPDATE OR DELETE ON payment_events
        FOR EACH ROW EXECUTE FUNCTION payment_events_refuse_change();

      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        claimed_at timestamptz NOT NULL,
        response_status integer,
        response_body text,
        PRIMARY KEY (scope, idempotency_key)
      );

      CREATE TABLE webhook_outbox (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        payment_id text NOT NULL REFERENCES payments (id),
        type text NOT NULL,
        -- text, not jsonb: the payload is signed, so its exact bytes must survive.
        payload text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        leased_until timestamptz,
        delivered_at timestamptz,
        abandoned_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at, seq)
        WHERE delivered_at IS NULL AND abandoned_at IS NULL;
      CREATE INDEX webhook_outbox_by_payment ON webhook_outbox (payment_id, seq);
    `,
  },
  {
    version: 2,
    name: 'the open money operation of a payment',
    // JSON of PaymentRecord.openOperation, requestedAt as ISO 8601; the index keeps the resolver's
    // look-up (listOpenOperations) to the few payments that have one.
    sqlite: `
      ALTER TABLE payments ADD COLUMN open_operation TEXT;
      CREATE INDEX payments_open_operation ON payments (id) WHERE open_operation IS NOT NULL;
    `,
    postgres: `
      ALTER TABLE payments ADD COLUMN open_operation jsonb;
      CREATE INDEX payments_open_operation ON payments (id) WHERE open_operation IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'the result id of the success applied to a payment',
    // Until now only SBPS existed, and its acquirer_reference was the tracking id of the applied
    // success: that is the result id of every payment already paid.
    sqlite: `
      ALTER TABLE payments ADD COLUMN paid_result_id TEXT;
      UPDATE payments SET paid_result_id = acquirer_reference WHERE acquirer_reference IS NOT NULL;
    `,
    postgres: `
      ALTER TABLE payments ADD COLUMN paid_result_id text;
      UPDATE payments SET paid_result_id = acquirer_reference WHERE acquirer_reference IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'subscriptions, their history, their payments and their webhooks',
    // A payment of a subscription names it; a monthly subscription's payment names its month, once
    // (UNIQUE: several instances recording one month write it once). A webhook is about a payment
    // or about a subscription. SQLite cannot drop a NOT NULL, so its outbox is rebuilt.
    sqlite: `
      CREATE TABLE subscriptions (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        amount INTEGER CHECK (amount IS NULL OR amount > 0),
        item_name TEXT NOT NULL,
        merchant_reference TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        return_url TEXT NOT NULL,
        client_secret_hash TEXT NOT NULL,
        order_id TEXT NOT NULL UNIQUE,
        resume_count INTEGER NOT NULL,
        contract_tracking_id TEXT,
        layout TEXT,
        checkout_count INTEGER NOT NULL,
        applied_results TEXT NOT NULL,
        flags TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        activated_at INTEGER,
        cancelled_at INTEGER,
        last_charged_at INTEGER,
        last_failed_month TEXT,
        version INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX subscriptions_newest_first ON subscriptions (created_at DESC, id DESC);
      CREATE INDEX subscriptions_by_status ON subscriptions (status, kind, id);

      CREATE TABLE subscription_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
        type TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX subscription_events_by_subscription ON subscription_events (subscription_id, seq);
      CREATE TRIGGER subscription_events_no_update BEFORE UPDATE ON subscription_events
        BEGIN SELECT RAISE(ABORT, 'subscription_events is append-only'); END;
      CREATE TRIGGER subscription_events_no_delete BEFORE DELETE ON subscription_events
        BEGIN SELECT RAISE(ABORT, 'subscription_events is append-only'); END;

      ALTER TABLE payments ADD COLUMN subscription_id TEXT REFERENCES subscriptions (id);
      ALTER TABLE payments ADD COLUMN billing_month TEXT;
      CREATE UNIQUE INDEX payments_subscription_month ON payments (subscription_id, billing_month);

      CREATE TABLE webhook_outbox_v4 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        payment_id TEXT REFERENCES payments (id),
        subscription_id TEXT REFERENCES subscriptions (id),
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        leased_until INTEGER,
        delivered_at INTEGER,
        abandoned_at INTEGER,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        CHECK ((payment_id IS NULL) <> (subscription_id IS NULL))
      ) STRICT;
      INSERT INTO webhook_outbox_v4 (seq, id, payment_id, type, payload, attempts, next_attempt_at,
          leased_until, delivered_at, abandoned_at, last_error, created_at)
        SELECT seq, id, payment_id, type, payload, attempts, next_attempt_at, leased_until,
          delivered_at, abandoned_at, last_error, created_at FROM webhook_outbox;
      DROP TABLE webhook_outbox;
      ALTER TABLE webhook_outbox_v4 RENAME TO webhook_outbox;
      CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at, seq)
        WHERE delivered_at IS NULL AND abandoned_at IS NULL;
      CREATE INDEX webhook_outbox_by_payment ON webhook_outbox (payment_id, seq);
      CREATE INDEX webhook_outbox_by_subscription ON webhook_outbox (subscription_id, seq);
    `,
    postgres: `
      CREATE TABLE subscriptions (
        id text PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL,
        amount bigint CHECK (amount IS NULL OR amount > 0),
        item_name text NOT NULL,
        merchant_reference text NOT NULL,
        customer_id text NOT NULL,
        return_url text NOT NULL,
        client_secret_hash text NOT NULL,
        order_id text NOT NULL UNIQUE,
        resume_count integer NOT NULL,
        contract_tracking_id text,
        layout text,
        checkout_count integer NOT NULL,
        applied_results text[] NOT NULL,
        flags text[] NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        activated_at timestamptz,
        cancelled_at timestamptz,
        last_charged_at timestamptz,
        last_failed_month text,
        version integer NOT NULL
      );
      CREATE INDEX subscriptions_newest_first ON subscriptions (created_at DESC, id DESC);
      CREATE INDEX subscriptions_by_status ON subscriptions (status, kind, id);

      CREATE TABLE subscription_events (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        subscription_id text NOT NULL REFERENCES subscriptions (id),
        type text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX subscription_events_by_subscription ON subscription_events (subscription_id, seq);
      CREATE FUNCTION subscription_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'subscription_events is append-only'; END
      $$;
      CREATE TRIGGER subscription_events_append_only BEFORE UPDATE OR DELETE ON subscription_events
        FOR EACH ROW EXECUTE FUNCTION subscription_events_refuse_change();

      ALTER TABLE payments ADD COLUMN subscription_id text REFERENCES subscriptions (id),
        ADD COLUMN billing_month text;
      CREATE UNIQUE INDEX payments_subscription_month ON payments (subscription_id, billing_month);

      ALTER TABLE webhook_outbox ALTER COLUMN payment_id DROP NOT NULL,
        ADD COLUMN subscription_id text REFERENCES subscriptions (id),
        ADD CONSTRAINT webhook_outbox_about_one CHECK ((payment_id IS NULL) <> (subscription_id IS NULL));
      CREATE INDEX webhook_outbox_by_subscription ON webhook_outbox (subscription_id, seq);
    `,
  },
];
