using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using RecruitRegistry.Contracts.Licensing.V1;
using RecruitRegistry.Contracts.WorkerContracts.V1;
using RecruitRegistry.IntegrationEvents;
using RecruitRegistry.IntegrationEvents.FeeAudits;
using RecruitRegistry.Testing;
using AuditOutcome = RecruitRegistry.Contracts.WorkerContracts.V1.AuditOutcome;

namespace RecruitRegistry.WorkerContracts.Tests;

/// <summary>A worker with a reference and a code, no account: verification, its failures, its limits, its JSON form.</summary>
public sealed class VerificationTests(Servers servers) : ContractsTest(servers)
{
    [Fact]
    public async Task The_right_code_shows_the_registered_terms_the_licence_today_and_a_pending_audit()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);

        // Typed by hand: lower case, spaces instead of hyphens.
        var typed = registered.VerificationCode.ToLowerInvariant().Replace('-', ' ');
        var reply = await App.Contracts.VerifyContractAsync(new VerifyContractRequest { Reference = registered.Reference, VerificationCode = typed });

        Assert.Equal(registered.Reference, reply.Contract.Reference);
        Assert.Equal("1200.00", reply.Contract.Terms.MonthlyBasicWage.Amount);
        Assert.Equal("QAR", reply.Contract.Terms.MonthlyBasicWage.CurrencyCode);
        Assert.Equal(FeeCategory.RecruitmentService, Assert.Single(reply.Contract.Fees).Category);
        Assert.Equal(LicenceState.Active, reply.AgencyLicenceState);
        Assert.Equal(agency.LegalName, reply.AgencyName);
        Assert.Equal(AuditOutcome.Pending, reply.Contract.AuditOutcome);
        Assert.Equal(EndorsementState.Pending, reply.Contract.Endorsement.State);
        Assert.Equal(registered.FingerprintCode, reply.Contract.FingerprintCode);
        Assert.Equal("", reply.Contract.Worker.PassportNumber);
    }

    [Fact]
    public async Task A_worker_sees_a_suspension_as_soon_as_the_replica_has_it_though_the_agency_was_shown_from_memory_before()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var request = new VerifyContractRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode };
        Assert.Equal(LicenceState.Active, (await App.Contracts.VerifyContractAsync(request)).AgencyLicenceState); // now held in memory

        var licence = (await App.Licensing.SearchRegistryAsync(new SearchRegistryRequest { Country = "NP" }, ContractsApp.Authority("NP"))).Entries[0].Licences
            .Single(l => l.Kind == LicenceKind.OriginLicence);
        await App.Licensing.SuspendLicenceAsync(new SuspendLicenceRequest
        {
            Decision = new LicenceDecisionRequest { LicenceId = licence.Id, ExpectedVersion = licence.Version, Reason = "Unreceipted fees", LegalBasis = "Foreign Employment Act 2064, s.24" },
        }, ContractsApp.Authority("NP"));
        await App.WaitForReplicaAsync();

        // The consumer that applied the suspension forgot the agency after its commit: no 30 s of stale "active".
        Assert.Equal(LicenceState.Suspended, (await App.Contracts.VerifyContractAsync(request)).AgencyLicenceState);
    }

    [Fact]
    public async Task A_wrong_code_answers_exactly_as_an_unknown_reference()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.1").VerifyContractAsync(
            new VerifyContractRequest { Reference = registered.Reference, VerificationCode = OtherValidCode(registered.VerificationCode) }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("192.0.2.2").VerifyContractAsync(
            new VerifyContractRequest { Reference = "NP-QA-26-ZZZZZZ", VerificationCode = registered.VerificationCode }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(wrong.Status.Detail, unknown.Status.Detail);
        Assert.Equal(Trailers(wrong), Trailers(unknown));
    }

    [Fact]
    public async Task Verifications_arriving_together_share_reads_yet_each_gets_its_own_contract_and_a_wrong_code_still_fails()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = new List<RegisterContractReply>();
        for (var i = 0; i < 6; i++)
        {
            registered.Add(await Given.RegisterAsync(agency));
        }

        // 60 at once, each from its own client: every tenth with a wrong code (at most two per reference, under its limit).
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var contract = registered[i % registered.Count];
            var wrong = i % 10 == 9;
            var request = new VerifyContractRequest
            {
                Reference = contract.Reference,
                VerificationCode = wrong ? OtherValidCode(contract.VerificationCode) : contract.VerificationCode,
            };
            try
            {
                var reply = await App.ClientFrom($"192.0.2.{i + 1}").VerifyContractAsync(request);
                return (Wrong: wrong, Asked: contract.Reference, Answered: reply.Contract.Reference, Fingerprint: reply.Contract.FingerprintCode, Status: StatusCode.OK);
            }
            catch (RpcException e)
            {
                return (Wrong: wrong, Asked: contract.Reference, Answered: "", Fingerprint: "", Status: e.StatusCode);
            }
        }));

        Assert.All(outcomes.Where(o => o.Wrong), o => Assert.Equal(StatusCode.NotFound, o.Status));
        Assert.All(outcomes.Where(o => !o.Wrong), o =>
        {
            Assert.Equal(StatusCode.OK, o.Status);
            Assert.Equal(o.Asked, o.Answered);
            Assert.Equal(registered.Single(r => r.Reference == o.Asked).FingerprintCode, o.Fingerprint);
        });
    }

    [Fact]
    public async Task Failed_attempts_are_limited_per_client_and_never_lock_a_worker_out()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var wrong = new VerifyContractRequest { Reference = registered.Reference, VerificationCode = OtherValidCode(registered.VerificationCode) };
        var right = new VerifyContractRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode };

        // Anyone who knows the reference (the agency always does) fails on purpose from many addresses: the worker's
        // right code is still answered, on all four worker RPCs.
        for (var i = 0; i < 3 * ContractsApp.FailuresPerClient; i++)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom($"198.51.100.{i + 1}").VerifyContractAsync(wrong).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        }

        var worker = App.ClientFrom("198.51.100.250");
        Assert.Equal(registered.Reference, (await worker.VerifyContractAsync(right)).Contract.Reference);
        await worker.ListWorkerCasesAsync(new ListWorkerCasesRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode });

        // Per client: one address guessing across many references is stopped, whatever it tries next, its right code too.
        var guesser = App.ClientFrom("203.0.113.7");
        for (var i = 0; i < ContractsApp.FailuresPerClient; i++)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => guesser.VerifyContractAsync(new VerifyContractRequest
            {
                Reference = $"NP-QA-26-ABCD{Base32Digit(i)}{Base32Digit(i + 1)}", VerificationCode = registered.VerificationCode,
            }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        }

        var stopped = await Assert.ThrowsAsync<RpcException>(() => guesser.VerifyContractAsync(right).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, stopped.StatusCode);

        // An IPv6 client is its /64: another address in the same /64 shares the budget, the next /64 does not.
        var six = App.ClientFrom("2001:db8:1:1::1");
        for (var i = 0; i < ContractsApp.FailuresPerClient; i++)
        {
            await Assert.ThrowsAsync<RpcException>(() => six.VerifyContractAsync(wrong).ResponseAsync);
        }

        var sameNetwork = await Assert.ThrowsAsync<RpcException>(() => App.ClientFrom("2001:db8:1:1:ffff:ffff:ffff:fffe").VerifyContractAsync(right).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, sameNetwork.StatusCode);
        await App.ClientFrom("2001:db8:1:2::1").VerifyContractAsync(right);

        // Another client with another contract is not affected.
        var second = await Given.RegisterAsync(agency, Sex.M);
        await App.ClientFrom("203.0.113.8").VerifyContractAsync(new VerifyContractRequest { Reference = second.Reference, VerificationCode = second.VerificationCode });
    }

    [Fact]
    public async Task Workers_verify_with_plain_json_over_http()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        using var http = App.Http();

        using var ok = await http.PostAsJsonAsync($"/v1/contracts/{registered.Reference}:verify", new { verificationCode = registered.VerificationCode });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        using var body = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        Assert.Equal(registered.Reference, body.RootElement.GetProperty("contract").GetProperty("reference").GetString());
        Assert.Equal("LICENCE_STATE_ACTIVE", body.RootElement.GetProperty("agencyLicenceState").GetString());

        using var wrong = await http.PostAsJsonAsync($"/v1/contracts/{registered.Reference}:verify", new { verificationCode = OtherValidCode(registered.VerificationCode) });
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);

        var offered = new
        {
            verificationCode = registered.VerificationCode,
            offeredTerms = JsonDocument.Parse(Google.Protobuf.JsonFormatter.Default.Format(CorridorScenario.Terms(wage: "900.00"))).RootElement,
        };
        using var compared = await http.PostAsJsonAsync($"/v1/contracts/{registered.Reference}:compare", offered);
        Assert.Equal(HttpStatusCode.OK, compared.StatusCode);
        using var differences = JsonDocument.Parse(await compared.Content.ReadAsStringAsync());
        Assert.True(differences.RootElement.GetProperty("substituted").GetBoolean());
    }

    [Fact]
    public async Task The_fee_audit_outcome_reaches_the_worker_and_an_older_audit_does_not_replace_a_newer_one()
    {
        var agency = await Given.CorridorWithAgencyAsync();
        var registered = await Given.RegisterAsync(agency);
        var contractId = Guid.Parse(registered.ContractId);
        var violation = new ContractAudited
        {
            ContractId = contractId,
            ContractVersion = 1,
            Version = 2,
            Outcome = IntegrationEvents.FeeAudits.AuditOutcome.Violation,
            Findings = [new IntegrationEvents.FeeAudits.AuditFinding("NP cap NPR 10,000 per worker", "RECRUITMENT_SERVICE", new EventMoney("NPR", 25000m), new EventMoney("NPR", 10000m), new EventMoney("NPR", 15000m))],
            OriginCountry = "NP",
            DestinationCountry = "QA",
            OccurredAt = DateTimeOffset.UtcNow,
        };
        await App.Bus.Publish(violation);
        var request = new VerifyContractRequest { Reference = registered.Reference, VerificationCode = registered.VerificationCode };
        var reply = await Eventually.Until(
            () => App.Contracts.VerifyContractAsync(request).ResponseAsync, r => r.Contract.AuditOutcome == AuditOutcome.Violation,
            TimeSpan.FromSeconds(30), "the audit to arrive");
        var finding = Assert.Single(reply.Contract.AuditFindings);
        Assert.Equal("15000", finding.Excess.Amount);
        Assert.Equal(FeeCategory.RecruitmentService, finding.Category);

        // An older audit of the same version, delivered late, changes nothing.
        await App.Bus.Publish(violation with { Version = 1, Outcome = IntegrationEvents.FeeAudits.AuditOutcome.Undetermined, Findings = [], UndeterminedReason = "no QAR→NPR rate" });
        await Eventually.Until(() => App.CountAsync("SELECT COUNT(*) FROM inbox WHERE consumer = 'contracts.contract-audited'"), n => n == 2, TimeSpan.FromSeconds(30), "the late audit handled");
        Assert.Equal(AuditOutcome.Violation, (await App.Contracts.VerifyContractAsync(request)).Contract.AuditOutcome);
    }

    private static IEnumerable<(string, string)> Trailers(RpcException ex) =>
        ex.Trailers.Select(t => (t.Key, t.IsBinary ? Convert.ToBase64String(t.ValueBytes) : t.Value));

    /// <summary>A different, well-formed code (valid check character): the server must judge it, not the format check.</summary>
    public static string OtherValidCode(string code)
    {
        var payload = code.Replace("-", "", StringComparison.Ordinal)[..11];
        var changed = (payload[0] == '7' ? '8' : '7') + payload[1..];
        return changed + CheckCharacter(changed);
    }

    private static char Base32Digit(int i) => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[i % 32];

    /// <summary>Luhn mod 32, as docs/terms-fingerprint.md describes it; written out again here so the test does not trust the server's.</summary>
    public static char CheckCharacter(string payload)
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        int sum = 0, factor = 2;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * alphabet.IndexOf(payload[i], StringComparison.Ordinal);
            factor = factor == 2 ? 1 : 2;
            sum += (addend / 32) + (addend % 32);
        }

        return alphabet[(32 - (sum % 32)) % 32];
    }
}
