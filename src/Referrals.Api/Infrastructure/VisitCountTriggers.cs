namespace Referrals.Api.Infrastructure;

/// <summary>
/// What the database enforces about counted visits, whatever the application does (applied by the first migration):
/// <list type="bullet">
/// <item><c>referrals.visits_used</c> and <c>visits_held</c> are the number of the referral's holds that are
/// consumed, and held or confirmed: a trigger on <c>visit_holds</c> moves them with every insert, change of state
/// or delete, in the same transaction.</item>
/// <item>Nothing else may write them: a direct UPDATE (or an INSERT with counts other than zero) is refused
/// (SQLSTATE <c>RF001</c>).</item>
/// <item>With the CHECK <c>ck_referrals_visits_within_authorized</c>, no statement can leave used + held above
/// authorized: the hold that would is refused with the whole transaction.</item>
/// </list>
/// </summary>
public static class VisitCountTriggers
{
    public const string Create = """
        CREATE FUNCTION referrals_count_visits() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            held_delta integer := 0;
            used_delta integer := 0;
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                held_delta := held_delta - (OLD.state IN ('held', 'confirmed'))::integer;
                used_delta := used_delta - (OLD.state = 'consumed')::integer;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                held_delta := held_delta + (NEW.state IN ('held', 'confirmed'))::integer;
                used_delta := used_delta + (NEW.state = 'consumed')::integer;
            END IF;
            IF held_delta <> 0 OR used_delta <> 0 THEN
                UPDATE referrals SET visits_held = visits_held + held_delta, visits_used = visits_used + used_delta
                WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.referral_id ELSE NEW.referral_id END;
            END IF;
            RETURN NULL;
        END;
        $$;

        CREATE TRIGGER visit_holds_count AFTER INSERT OR UPDATE OF state OR DELETE ON visit_holds
            FOR EACH ROW EXECUTE FUNCTION referrals_count_visits();

        CREATE FUNCTION referrals_guard_visit_counts() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' AND (NEW.visits_used <> 0 OR NEW.visits_held <> 0) THEN
                RAISE EXCEPTION 'referral %: a new referral starts with no visits used or held', NEW.id USING ERRCODE = 'RF001';
            END IF;
            -- Depth 1 is a statement on referrals itself; the counting trigger's update runs at depth 2.
            IF TG_OP = 'UPDATE' AND pg_trigger_depth() = 1
               AND (NEW.visits_used, NEW.visits_held) IS DISTINCT FROM (OLD.visits_used, OLD.visits_held) THEN
                RAISE EXCEPTION 'referral %: visits used and held change only with visit_holds', NEW.id USING ERRCODE = 'RF001';
            END IF;
            RETURN NEW;
        END;
        $$;

        CREATE TRIGGER referrals_guard_visit_counts BEFORE INSERT OR UPDATE OF visits_used, visits_held ON referrals
            FOR EACH ROW EXECUTE FUNCTION referrals_guard_visit_counts();
        """;

    public const string Drop = """
        DROP TRIGGER IF EXISTS referrals_guard_visit_counts ON referrals;
        DROP FUNCTION IF EXISTS referrals_guard_visit_counts();
        DROP TRIGGER IF EXISTS visit_holds_count ON visit_holds;
        DROP FUNCTION IF EXISTS referrals_count_visits();
        """;
}
