import { contextBytes } from '../../scripts/bench/build-log';
import { compiledCrates } from '../../test/e2e/support/build-log';

const LOG = `#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 2.31kB done
#5 [internal] load build context
#5 transferring context: 12.40MB 0.5s
#5 transferring context: 45.73MB 1.2s done
#9 [builder 4/7] RUN cargo build --release
#9 3.100    Compiling proc-macro2 v1.0.56
#9 4.200    Compiling serde_json v1.0.87
#9 9.000    Compiling bench-service v0.1.0 (/app)
#9 9.100    Compiling proc-macro2 v1.0.56
#9 12.00     Finished \`release\` profile [optimized] target(s) in 11.9s
`;

describe('build-log parsing', () => {
  test('context bytes: the largest "transferring context" figure, in decimal units', () => {
    expect(contextBytes(LOG)).toBe(45_730_000);
  });
  test('context bytes: B and kB, and none', () => {
    expect(contextBytes('#4 transferring context: 512B done')).toBe(512);
    expect(contextBytes('#4 transferring context: 1.50kB done')).toBe(1500);
    expect(contextBytes('#4 transferring dockerfile: 1.50kB done')).toBeUndefined();
  });
  test('compiled crates: unique, sorted, from "Compiling <name> v<version>"', () => {
    expect(compiledCrates(LOG)).toEqual(['bench-service', 'proc-macro2', 'serde_json']);
    expect(compiledCrates('#9 CACHED')).toEqual([]);
  });
});
