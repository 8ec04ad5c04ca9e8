/**
 * For each provider the demo lists: a config the core accepts, and one it refuses with the field whose error
 * must show next to its input. The browser test fails for a listed provider without an entry here, so a new
 * provider (tiktok, brightdata, …) joins by adding one.
 *
 * Configs are typed into the form field by field, so they avoid arrays and free-form maps (RJSF's add-item
 * buttons), and keep PEM values on one line: a password input drops line breaks (see docs/guides/forms.md).
 */
export interface FormCase {
  valid: Record<string, unknown>;
  broken: { config: Record<string, unknown>; field: string; message: RegExp };
}

export const FORM_CASES: Record<string, FormCase> = {
  s3: {
    valid: {
      bucket: "acme-reports",
      region: "eu-west-1",
      credentials: {
        type: "access_key",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      },
    },
    broken: {
      config: {
        bucket: "acme-reports",
        region: "eu-west-1",
        credentials: { type: "access_key", access_key_id: "AKIA WITH SPACE", secret_access_key: "s3cr3t" },
      },
      field: "credentials.access_key_id",
      message: /spaces/,
    },
  },
  tigris: {
    valid: {
      bucket: "acme-media",
      credentials: { access_key_id: "tid_AbCdEfGhIjKlMnOpQrSt", secret_access_key: "tsec_Zyx987secret" },
    },
    broken: {
      config: { bucket: "-a", credentials: { access_key_id: "tid_AbCdEf", secret_access_key: "tsec_x" } },
      field: "bucket",
      message: /bucket name/,
    },
  },
  backblaze: {
    valid: {
      api: "s3",
      bucket: "acme-backups",
      region: "us-west-004",
      credentials: { application_key_id: "0014aa9865d6f00000000000b", application_key: "K004secretsecret" },
    },
    broken: {
      config: {
        api: "s3",
        bucket: "acme-backups",
        region: "mars",
        credentials: { application_key_id: "0014aa9865d6f00000000000b", application_key: "K004secretsecret" },
      },
      field: "region",
      message: /us-west-004/,
    },
  },
  google_drive: {
    valid: {
      credentials: {
        type: "service_account",
        project_id: "acme-sync",
        private_key_id: "4f1e2d3c",
        private_key: "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END PRIVATE KEY-----",
        client_email: "plugboard@acme-sync.iam.gserviceaccount.com",
        client_id: "1134567890",
      },
      folder_id: "1a2B3c4D5e6F7g8H9i0J",
    },
    broken: {
      config: {
        credentials: {
          type: "authorized_user",
          client_id: "1234-abc.apps.googleusercontent.com",
          client_secret: "GOCSPX-abc",
          refresh_token: "1//0gabc",
        },
        subject: "not an address",
      },
      field: "subject",
      message: /email/i,
    },
  },
  sharepoint: {
    valid: {
      tenant_id: "contoso.onmicrosoft.com",
      client_id: "2f6c1a3e-5b7d-4c8e-9f01-23456789abcd",
      credentials: { type: "client_secret", client_secret: "Abc8Q~secretvalue" },
      site_url: "https://contoso.sharepoint.com/sites/Marketing",
      cloud: "us_gov",
    },
    broken: {
      config: {
        tenant_id: "contoso.onmicrosoft.com",
        client_id: "2f6c1a3e-5b7d-4c8e-9f01-23456789abcd",
        credentials: { type: "client_secret", client_secret: "Abc8Q~secretvalue" },
        site_url: "https://contoso.sharepoint.com/sites/Marketing",
        site_id:
          "contoso.sharepoint.com,2c712604-1370-44e7-a1f5-426573fda80a,2d2244c3-251a-49ea-93a8-39e1c3a060fe",
      },
      field: "site_url",
      message: /exactly one of site_url and site_id/,
    },
  },
  box: {
    valid: {
      credentials: {
        type: "client_credentials",
        client_id: "abc123clientid",
        client_secret: "box-client-secret",
        subject_type: "user",
        subject_id: "1234567",
      },
      folder_id: "123456789",
    },
    broken: {
      config: {
        credentials: {
          type: "client_credentials",
          client_id: "abc123clientid",
          client_secret: "box-client-secret",
          subject_type: "enterprise",
          subject_id: "acme",
        },
      },
      field: "credentials.subject_id",
      message: /./,
    },
  },
  postgresql: {
    valid: {
      host: "db.example.com",
      database: "analytics",
      user: "plugboard_reader",
      password: "pg-pa55word",
    },
    broken: {
      config: { host: "https://db.example.com", database: "analytics", user: "reader", password: "pw" },
      field: "host",
      message: /without scheme or port/,
    },
  },
  snowflake: {
    valid: {
      account: "myorg-myaccount",
      username: "PLUGBOARD_READER",
      auth: {
        type: "key_pair",
        private_key: "-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-----END PRIVATE KEY-----",
        private_key_passphrase: "correct horse",
      },
      warehouse: "COMPUTE_WH",
    },
    broken: {
      config: {
        account: "myorg-myaccount",
        username: "PLUGBOARD_READER",
        auth: { type: "key_pair", private_key: "not a key" },
      },
      field: "auth.private_key",
      message: /RSA private key in PEM/,
    },
  },
  http_api: {
    valid: { base_url: "https://api.example.com/v1", auth: { type: "bearer", token: "t0ken-for-the-api" } },
    broken: {
      config: { base_url: "https://user:pw@api.example.com/v1", auth: { type: "bearer", token: "t0ken" } },
      field: "base_url",
      message: /credentials in auth/,
    },
  },
  rss: {
    valid: {
      feed_url: "https://example.com/feed.xml",
      auth: { type: "header", name: "X-Feed-Key", value: "feed-k3y-value" },
    },
    broken: {
      config: {
        feed_url: "https://example.com/feed.xml",
        auth: { type: "header", name: "Host", value: "k3y" },
      },
      field: "auth.name",
      message: /Host/,
    },
  },
  instagram: {
    valid: { login_type: "facebook", access_token: "EAAGm0PX4ZCpsBAtoken", ig_user_id: "17841400000000000" },
    broken: {
      config: { login_type: "instagram", access_token: "IGQVJtoken", ig_user_id: "not-a-number" },
      field: "ig_user_id",
      message: /./,
    },
  },
  tiktok: {
    valid: { mode: "client_credentials", client_key: "awresearch0001", client_secret: "research-secret" },
    broken: {
      config: { mode: "client_credentials", client_key: "has spaces", client_secret: "research-secret" },
      field: "client_key",
      message: /client key/,
    },
  },
  brightdata: {
    valid: { api: { token: "9f1c2b7e4d0a6c3b8e5f1a2d7c4b9e0f", zone: "web_unlocker1" } },
    broken: {
      config: { api: { token: "9f1c2b7e4d0a6c3b8e5f1a2d7c4b9e0f", dataset_id: "crunchbase" } },
      field: "api.dataset_id",
      message: /dataset id/,
    },
  },
};
