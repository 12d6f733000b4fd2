-- The default fee policies of the corridors in shared/reference/corridors.md ("Corridors to seed as defaults"),
-- each with its legal reference and source. Data, not code: auditors correct and extend them through DefinePolicy
-- (every later version goes to fee_policy_history; this file is the record of version 1).
-- effective_from is NULL where the reference facts do not give the day a rule came into force: the registry does not
-- invent dates, so such a rule applies to every contract until an auditor records its start.
-- Rules in the reference facts that the policy shapes cannot express are not seeded: Taiwan's monthly broker fee
-- (NT$1,800/1,700/1,500 by year of service), "women to Saudi Arabia cost-free" from Bangladesh (no rule by sex),
-- Malaysia (no worker-fee rule in the facts).


-- NP→QA
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('b87dc6d1-53c6-5dd0-988f-b5044b6dea82', 'NP', 'QA', 'NP', NULL, 'FIXED_CAP', 'NPR', '10000', NULL, FALSE, '[]', '{}', '2015-07-06', NULL,
     'Nepal "free visa, free ticket" provision (Foreign Employment Act 2064 framework): employer pays visa and air ticket; an agency may charge a worker at most NPR 10,000',
     'thehimalayantimes.com/business/new-provision-comes-into-effect ; thehimalayantimes.com/business/outbound-workers-to-get-free-visa-ticket-from-today',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('2499d5cd-2034-58c1-a76f-42a26cb0c805', 'NP', 'QA', 'QA', NULL, 'ZERO_FEE', 'QAR', NULL, NULL, FALSE, '[]', '{}', NULL, NULL,
     'Qatar Labour Law No. 14 of 2004, Art. 33: a licensed recruiter may not take any recruitment fee or cost from the worker (penalty Art. 145)',
     'accountabilityhub.org/provision/labour-law14-article-33/',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('7e83416c-17cd-51b8-9813-2a1ed8373a46', 'NP', 'QA', NULL, NULL, 'PROHIBITED_CATEGORIES', 'NPR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- NP→MY
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('c4fb87c3-63f5-50dc-b641-104873bc8da0', 'NP', 'MY', 'NP', NULL, 'FIXED_CAP', 'NPR', '10000', NULL, FALSE, '[]', '{}', '2015-07-06', NULL,
     'Nepal "free visa, free ticket" provision (Foreign Employment Act 2064 framework): employer pays visa and air ticket; an agency may charge a worker at most NPR 10,000',
     'thehimalayantimes.com/business/new-provision-comes-into-effect ; thehimalayantimes.com/business/outbound-workers-to-get-free-visa-ticket-from-today',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('943fa751-62c8-528e-b2ca-9033c51ee5e0', 'NP', 'MY', NULL, NULL, 'PROHIBITED_CATEGORIES', 'NPR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- NP→AE
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('3ea7f7d3-3ba3-51dd-a40f-9014260084c5', 'NP', 'AE', 'NP', NULL, 'FIXED_CAP', 'NPR', '10000', NULL, FALSE, '[]', '{}', '2015-07-06', NULL,
     'Nepal "free visa, free ticket" provision (Foreign Employment Act 2064 framework): employer pays visa and air ticket; an agency may charge a worker at most NPR 10,000',
     'thehimalayantimes.com/business/new-provision-comes-into-effect ; thehimalayantimes.com/business/outbound-workers-to-get-free-visa-ticket-from-today',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('81eb0861-b3f1-5b05-9856-1f00139b6a6c', 'NP', 'AE', 'AE', NULL, 'ZERO_FEE', 'AED', NULL, NULL, FALSE, '[]', '{}', '2022-02-02', NULL,
     'UAE Federal Decree-Law No. 33 of 2021, Art. 6: the employer may not collect recruitment or employment costs from the worker, directly or indirectly',
     'gulfnews.com (who-pays-for-the-visa...)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('04b4ba82-3ad0-583d-a78f-17b317127c4f', 'NP', 'AE', NULL, NULL, 'PROHIBITED_CATEGORIES', 'NPR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- NP→SA
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('0fba5e91-0702-54ff-a787-038992757968', 'NP', 'SA', 'NP', NULL, 'FIXED_CAP', 'NPR', '10000', NULL, FALSE, '[]', '{}', '2015-07-06', NULL,
     'Nepal "free visa, free ticket" provision (Foreign Employment Act 2064 framework): employer pays visa and air ticket; an agency may charge a worker at most NPR 10,000',
     'thehimalayantimes.com/business/new-provision-comes-into-effect ; thehimalayantimes.com/business/outbound-workers-to-get-free-visa-ticket-from-today',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- only the recruitment categories are prohibited here: which ADMINISTRATIVE and TRAVEL items Art. 40 puts on the employer needs the primary text; in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('22b1a05e-827c-5192-a6c2-7c0c98cac084', 'NP', 'SA', 'SA', NULL, 'PROHIBITED_CATEGORIES', 'NPR', NULL, NULL, FALSE, '["RECRUITMENT_SERVICE", "EMPLOYER_RECOVERY"]', '{}', NULL, NULL,
     'Saudi Arabia Labour Law, Art. 40: the employer bears recruitment fees (and iqama, work permit, return ticket)',
     'hrsd.gov.sa/en/knowledge-centre/articles/64434-0',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('6b72d7d2-aedf-5758-b83a-201bdb73af0f', 'NP', 'SA', NULL, NULL, 'PROHIBITED_CATEGORIES', 'NPR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- PH→SA
-- in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('ab741fa0-352b-59a6-946e-c2bf8dec8d90', 'PH', 'SA', 'PH', NULL, 'WAGE_MULTIPLE_CAP', 'PHP', NULL, '1', FALSE, '[]', '{}', NULL, NULL,
     'Philippines, 2016 Revised POEA Rules (RA 8042 as amended by RA 10022; DMW under RA 11641): placement fee at most one month of the basic salary under the approved contract, with official receipt',
     'respicio.ph/commentaries/legal-limits-on-recruitment-fees-and-agency-charges-for-ofws',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- in-force day not in the reference facts (resolution of 2006)
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('db0e8174-9fe0-5da2-b221-f5a9d9319d8e', 'PH', 'SA', 'PH', 'DOMESTIC_WORK', 'ZERO_FEE', 'PHP', NULL, NULL, FALSE, '[]', '{}', NULL, NULL,
     'Philippines, POEA Governing Board Resolution No. 6, s. 2006: no placement fee for household service workers, incl. salary deduction on site',
     'respicio.ph/commentaries/poea-rules-on-maximum-placement-fees-for-overseas-employment-of-household-and-service-workers ; philstar.com (2013-06-16)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- only the recruitment categories are prohibited here: which ADMINISTRATIVE and TRAVEL items Art. 40 puts on the employer needs the primary text; in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('3ad90ca4-88f3-5cea-8eb4-e4740bea8718', 'PH', 'SA', 'SA', NULL, 'PROHIBITED_CATEGORIES', 'PHP', NULL, NULL, FALSE, '["RECRUITMENT_SERVICE", "EMPLOYER_RECOVERY"]', '{}', NULL, NULL,
     'Saudi Arabia Labour Law, Art. 40: the employer bears recruitment fees (and iqama, work permit, return ticket)',
     'hrsd.gov.sa/en/knowledge-centre/articles/64434-0',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('2d49be8d-9237-5087-be45-04bcf6d4ad30', 'PH', 'SA', NULL, NULL, 'PROHIBITED_CATEGORIES', 'PHP', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- PH→AE
-- in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('47726c3c-6748-5bd2-b04c-9cd2a2bda3b7', 'PH', 'AE', 'PH', NULL, 'WAGE_MULTIPLE_CAP', 'PHP', NULL, '1', FALSE, '[]', '{}', NULL, NULL,
     'Philippines, 2016 Revised POEA Rules (RA 8042 as amended by RA 10022; DMW under RA 11641): placement fee at most one month of the basic salary under the approved contract, with official receipt',
     'respicio.ph/commentaries/legal-limits-on-recruitment-fees-and-agency-charges-for-ofws',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- in-force day not in the reference facts (resolution of 2006)
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('c61786c0-011c-5912-b028-1a7b1383ad9b', 'PH', 'AE', 'PH', 'DOMESTIC_WORK', 'ZERO_FEE', 'PHP', NULL, NULL, FALSE, '[]', '{}', NULL, NULL,
     'Philippines, POEA Governing Board Resolution No. 6, s. 2006: no placement fee for household service workers, incl. salary deduction on site',
     'respicio.ph/commentaries/poea-rules-on-maximum-placement-fees-for-overseas-employment-of-household-and-service-workers ; philstar.com (2013-06-16)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('fb16c829-dc3f-5cba-98eb-766c3aa52e02', 'PH', 'AE', 'AE', NULL, 'ZERO_FEE', 'AED', NULL, NULL, FALSE, '[]', '{}', '2022-02-02', NULL,
     'UAE Federal Decree-Law No. 33 of 2021, Art. 6: the employer may not collect recruitment or employment costs from the worker, directly or indirectly',
     'gulfnews.com (who-pays-for-the-visa...)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('93175cd5-ee85-5248-9c7d-480a025ed29a', 'PH', 'AE', NULL, NULL, 'PROHIBITED_CATEGORIES', 'PHP', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- PH→TW
-- in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('3dd0e483-7b26-5b90-b3d4-2cf8ab5709b2', 'PH', 'TW', 'PH', NULL, 'WAGE_MULTIPLE_CAP', 'PHP', NULL, '1', FALSE, '[]', '{}', NULL, NULL,
     'Philippines, 2016 Revised POEA Rules (RA 8042 as amended by RA 10022; DMW under RA 11641): placement fee at most one month of the basic salary under the approved contract, with official receipt',
     'respicio.ph/commentaries/legal-limits-on-recruitment-fees-and-agency-charges-for-ofws',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- in-force day not in the reference facts (resolution of 2006)
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('13d261f7-32ba-5c66-b973-fd2d550612a2', 'PH', 'TW', 'PH', 'DOMESTIC_WORK', 'ZERO_FEE', 'PHP', NULL, NULL, FALSE, '[]', '{}', NULL, NULL,
     'Philippines, POEA Governing Board Resolution No. 6, s. 2006: no placement fee for household service workers, incl. salary deduction on site',
     'respicio.ph/commentaries/poea-rules-on-maximum-placement-fees-for-overseas-employment-of-household-and-service-workers ; philstar.com (2013-06-16)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('32d79fd5-1f18-5bd3-9ae4-8487c8e942ca', 'PH', 'TW', 'PH', 'CAREGIVING', 'ZERO_FEE', 'PHP', NULL, NULL, FALSE, '[]', '{}', NULL, NULL,
     'Philippines: no placement fee for domestic workers and caregivers bound for Taiwan',
     'respicio.ph/commentaries/placement-fee-prohibition-for-domestic-workers-and-caregivers-bound-for-taiwan',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('5e622ea0-c2d7-506b-ac69-e111b1333c99', 'PH', 'TW', NULL, NULL, 'PROHIBITED_CATEGORIES', 'PHP', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- BD→MY
-- fixed July 2022; the day is not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('496ead64-9afe-5e62-a969-4c087e93bc13', 'BD', 'MY', 'BD', NULL, 'FIXED_CAP', 'BDT', '78990', NULL, FALSE, '[]', '{}', NULL, NULL,
     'Bangladesh, government-fixed total migration cost to Malaysia (incl. passport, medical, welfare fee and the BDT 37,000 agency charge): BDT 78,990 (July 2022); Overseas Employment and Migrants Act 2013, s. 9 affidavit not to charge above the ceiling',
     'newagebd.net/249154 ; tbsnews.net/bangladesh/bangladesh-fixes-cost-workers-migrate-malaysia-454158 ; accountabilityhub.org/provision/s-9/',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('4b320a38-a757-532b-ab51-121da723faab', 'BD', 'MY', NULL, NULL, 'PROHIBITED_CATEGORIES', 'BDT', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- BD→SA
-- fixed August 2016; the day is not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('4ae29b19-47b3-5d61-bcbd-fe76fbc3c207', 'BD', 'SA', 'BD', NULL, 'FIXED_CAP', 'BDT', '165000', NULL, FALSE, '[]', '{}', NULL, NULL,
     'Bangladesh, government-fixed total migration cost to Saudi Arabia (male workers): BDT 165,000 (August 2016); Overseas Employment and Migrants Act 2013, s. 9 affidavit not to charge above the ceiling',
     'newagebd.net/249154 ; tbsnews.net/bangladesh/bangladesh-fixes-cost-workers-migrate-malaysia-454158 ; accountabilityhub.org/provision/s-9/',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- only the recruitment categories are prohibited here: which ADMINISTRATIVE and TRAVEL items Art. 40 puts on the employer needs the primary text; in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('e2891c71-bbb3-5ab1-9ed2-f13f0a92d6ec', 'BD', 'SA', 'SA', NULL, 'PROHIBITED_CATEGORIES', 'BDT', NULL, NULL, FALSE, '["RECRUITMENT_SERVICE", "EMPLOYER_RECOVERY"]', '{}', NULL, NULL,
     'Saudi Arabia Labour Law, Art. 40: the employer bears recruitment fees (and iqama, work permit, return ticket)',
     'hrsd.gov.sa/en/knowledge-centre/articles/64434-0',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('ee2a10f6-532d-5b60-8ac5-ad32c7c8ffc9', 'BD', 'SA', NULL, NULL, 'PROHIBITED_CATEGORIES', 'BDT', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- ID→TW
-- placement costs read as the recruitment-fee categories: personal costs (passport, medical, local transport) may be charged, BP2MI Reg. 2/2020 Art. 3; in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('c860a7f9-edef-5a2b-aec8-8244b43d73d6', 'ID', 'TW', 'ID', NULL, 'PROHIBITED_CATEGORIES', 'IDR', NULL, NULL, FALSE, '["RECRUITMENT_SERVICE", "EMPLOYER_RECOVERY"]', '{}', NULL, NULL,
     'Indonesia Law No. 18 of 2017, Art. 30: migrant workers may not be charged placement costs',
     'recruitmentadvisor.org/law/id/',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('733334d5-dfb8-58b3-9e48-87960428ec1f', 'ID', 'TW', 'ID', 'DOMESTIC_WORK', 'ZERO_FEE', 'IDR', NULL, NULL, FALSE, '[]', '{}', '2021-07-15', NULL,
     'Indonesia BP2MI Regulation No. 9 of 2020 ("zero cost"), Art. 4-5: no placement cost for domestic workers (one of 10 job types); the employer bears it',
     'ddhk.org (BP2MI Reg. 09/2020) ; thestar.com.my (2021-03-17)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('2ebcdb82-b7dd-5c6e-8696-731c1d3fd257', 'ID', 'TW', NULL, NULL, 'PROHIBITED_CATEGORIES', 'IDR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- ID→MY
-- placement costs read as the recruitment-fee categories: personal costs (passport, medical, local transport) may be charged, BP2MI Reg. 2/2020 Art. 3; in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('20974ee0-de5f-53e1-a3da-543b3cc43b99', 'ID', 'MY', 'ID', NULL, 'PROHIBITED_CATEGORIES', 'IDR', NULL, NULL, FALSE, '["RECRUITMENT_SERVICE", "EMPLOYER_RECOVERY"]', '{}', NULL, NULL,
     'Indonesia Law No. 18 of 2017, Art. 30: migrant workers may not be charged placement costs',
     'recruitmentadvisor.org/law/id/',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('4a95648d-63ef-5f49-b228-a4a048e17120', 'ID', 'MY', 'ID', 'DOMESTIC_WORK', 'ZERO_FEE', 'IDR', NULL, NULL, FALSE, '[]', '{}', '2021-07-15', NULL,
     'Indonesia BP2MI Regulation No. 9 of 2020 ("zero cost"), Art. 4-5: no placement cost for domestic workers (one of 10 job types); the employer bears it',
     'ddhk.org (BP2MI Reg. 09/2020) ; thestar.com.my (2021-03-17)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('88378387-554e-5ba8-88a7-6a4b7e39b6e4', 'ID', 'MY', NULL, NULL, 'PROHIBITED_CATEGORIES', 'IDR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- LK→AE
-- the SLBFE registration fee (LKR 18,000) is paid to the Bureau, not the licensee, so ADMINISTRATIVE stays chargeable; in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('19717bf0-ec7a-57e2-9a18-2cf01244ab3e', 'LK', 'AE', 'LK', NULL, 'PROHIBITED_CATEGORIES', 'LKR', NULL, NULL, FALSE, '["RECRUITMENT_SERVICE", "EMPLOYER_RECOVERY"]', '{}', NULL, NULL,
     'Sri Lanka Bureau of Foreign Employment Act No. 21 of 1985, s. 34: a licensee may not charge the worker any fee',
     'srilankalaw.lk/Volume-VII/sri-lanka-bureau-of-foreign-employment-act.html ; nation.lk/online/2017/08/19/new-foreign-employment-law.html',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('61545bcc-cca9-5aaa-865b-9d62e96d8dd1', 'LK', 'AE', 'AE', NULL, 'ZERO_FEE', 'AED', NULL, NULL, FALSE, '[]', '{}', '2022-02-02', NULL,
     'UAE Federal Decree-Law No. 33 of 2021, Art. 6: the employer may not collect recruitment or employment costs from the worker, directly or indirectly',
     'gulfnews.com (who-pays-for-the-visa...)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('b13c56b0-e3db-546f-a24e-da6379e9e840', 'LK', 'AE', NULL, NULL, 'PROHIBITED_CATEGORIES', 'LKR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- IN→AE
-- in-force day (December 2017) not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('bb8b72a1-a4f1-5de0-9db8-b87b80bfdeb5', 'IN', 'AE', 'IN', NULL, 'CATEGORY_CAPS', 'INR', NULL, NULL, FALSE, '[]', '{"RECRUITMENT_SERVICE":30000}', NULL, NULL,
     'India Emigration Rules 1983, Rule 25 (substituted December 2017): service charge at most INR 30,000 per worker, with receipt',
     'in.thedollarbusiness.com/news/emigration-rules-1983-amended/51559',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('334ee13d-16b2-5a48-82e9-66e8ec96dda7', 'IN', 'AE', 'AE', NULL, 'ZERO_FEE', 'AED', NULL, NULL, FALSE, '[]', '{}', '2022-02-02', NULL,
     'UAE Federal Decree-Law No. 33 of 2021, Art. 6: the employer may not collect recruitment or employment costs from the worker, directly or indirectly',
     'gulfnews.com (who-pays-for-the-visa...)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('ae2eb113-0ce4-5b5d-b420-04ec06affbd0', 'IN', 'AE', NULL, NULL, 'PROHIBITED_CATEGORIES', 'INR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- PK→SA
-- in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('c6325d61-cf0b-5ebe-9ac5-33ae4b36a134', 'PK', 'SA', 'PK', NULL, 'CATEGORY_CAPS', 'PKR', NULL, NULL, FALSE, '[]', '{"RECRUITMENT_SERVICE":15000}', NULL, NULL,
     'Pakistan Emigration Ordinance 1979 and Rules: Overseas Employment Promoter service fee at most PKR 15,000',
     'en.opn.com.pk ; phoneworld.com.pk (2025-12-02)',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- only the recruitment categories are prohibited here: which ADMINISTRATIVE and TRAVEL items Art. 40 puts on the employer needs the primary text; in-force day not in the reference facts
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('d83ecf17-aee8-55bc-bfbd-3f1ced0792c3', 'PK', 'SA', 'SA', NULL, 'PROHIBITED_CATEGORIES', 'PKR', NULL, NULL, FALSE, '["RECRUITMENT_SERVICE", "EMPLOYER_RECOVERY"]', '{}', NULL, NULL,
     'Saudi Arabia Labour Law, Art. 40: the employer bears recruitment fees (and iqama, work permit, return ticket)',
     'hrsd.gov.sa/en/knowledge-centre/articles/64434-0',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('98c3ad83-3691-5b72-8edd-3f947c70e8dc', 'PK', 'SA', NULL, NULL, 'PROHIBITED_CATEGORIES', 'PKR', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- VN→TW
-- pro rata per 12 months of the contract duration; the cap for contracts of 36 months or more is unverified
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('f948880c-8572-5a25-acc8-a5e6e53a8885', 'VN', 'TW', 'VN', NULL, 'WAGE_MULTIPLE_CAP', 'VND', NULL, '1', TRUE, '[]', '{}', '2022-01-01', NULL,
     'Viet Nam Law No. 69/2020/QH14, Art. 23: service fee at most one month of the contract wage per 12 months worked',
     'kimlaw.com.vn (2025-09-08) ; lawnet.vn',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('61233047-913b-5b67-a4e2-fbf736bf2704', 'VN', 'TW', NULL, NULL, 'PROHIBITED_CATEGORIES', 'VND', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');

-- VN→JP
-- pro rata per 12 months of the contract duration; the cap for contracts of 36 months or more is unverified
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('166ae32d-fcd6-5429-b5bc-c3ea20789150', 'VN', 'JP', 'VN', NULL, 'WAGE_MULTIPLE_CAP', 'VND', NULL, '1', TRUE, '[]', '{}', '2022-01-01', NULL,
     'Viet Nam Law No. 69/2020/QH14, Art. 23: service fee at most one month of the contract wage per 12 months worked',
     'kimlaw.com.vn (2025-09-08) ; lawnet.vn',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
-- publication approved by the ILO Governing Body on 28 March 2019
INSERT INTO fee_policies (id, origin_country, destination_country, jurisdiction_country, sector, kind, currency, fixed_cap, wage_multiple, pro_rata_per_year, prohibited_categories, category_caps, effective_from, effective_until, legal_reference, source, version, updated_by, updated_at) VALUES
    ('facd2fda-ce5f-5fae-a2df-c6ad9fd55e56', 'VN', 'JP', NULL, NULL, 'PROHIBITED_CATEGORIES', 'VND', NULL, NULL, FALSE, '["ILLEGITIMATE"]', '{}', '2019-03-28', NULL,
     'ILO General principles and operational guidelines for fair recruitment and Definition of recruitment fees and related costs (2019): illegitimate costs (bribes, tributes, extortion, kickbacks, bonds, deposits) are never chargeable',
     'shared/reference/fees.md §3; ILO meeting page www2.ilo.org/global/topics/labour-migration/events-training/WCMS_632651',
     1, 'default policies (shared/reference/corridors.md)', '2026-11-23T00:00:00.0000000Z');
