-- The shop's claim list (newest first, optionally one status) pages by (created_at, id).
CREATE INDEX claims_shop_created ON claims (shop_id, created_at, id);
