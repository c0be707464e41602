import type { Runtime } from '../../../app/domain/estimate';
import type { Estimate } from '../../../app/domain/estimate';
import type { ModelSpec } from '../../../app/domain/model';
import { launchBlocks } from '../../../app/estimator/launch-blocks';
import { CopyButton } from '../../components/copy-button';

/** One block per way to run the estimate, each with a copy button; the notes stay outside the code. */
export function LaunchView({ e, model, runtime }: { readonly e: Estimate; readonly model: ModelSpec; readonly runtime: Runtime }) {
  const blocks = launchBlocks(e, model, runtime);
  return (
    <section className="launch-blocks" aria-label="Launch commands" data-testid="launch-blocks">
      <h3>Launch it</h3>
      {blocks.map((b) => (
        <div key={b.title} className="launch-block" data-testid="launch-block">
          <div className="launch-head">
            <strong>{b.title}</strong>
            {b.code && <CopyButton text={b.code} label={b.title} />}
          </div>
          {b.code && <pre className="launch" data-testid="launch-code">{b.code}</pre>}
          {b.notes.map((n) => (
            <p key={n} className="muted small">
              {n}
            </p>
          ))}
        </div>
      ))}
    </section>
  );
}
