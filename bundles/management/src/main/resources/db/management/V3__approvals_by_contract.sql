-- Approvals are looked up by the contract they were made under: a terminated contract ends all of
-- them (GOV1), and a partner's project list shows only those of the contract it names.
CREATE INDEX mgmt_audit_contract ON mgmt_audit (contract_id, status);
